/**
 * VDUSE: kernel support, the modules, and every VDUSE device with its vDPA binding,
 * virtio state, consumer, back end and health, from sysfs and {@code /proc} only
 * (kernel-facts.md Part 2). Nothing here opens {@code /dev/vduse/*}: an open would make
 * the agent the back end.
 */
package dev.kfleet.agent.vduse;
