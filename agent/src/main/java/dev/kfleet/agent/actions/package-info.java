/**
 * The closed set of actions the agent applies for a desired state (HVO switch, rebuild of
 * free HugeTLB pages, loading the VDUSE modules), the kernel interfaces they write
 * through, the sysctl drop-in and the modules-load.d file.
 */
package dev.kfleet.agent.actions;
