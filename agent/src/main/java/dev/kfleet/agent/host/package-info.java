/**
 * Read-only access to a host's {@code /proc}, {@code /sys} and {@code /boot} under a root
 * directory, where every failure becomes an unknown reading with a reason.
 */
package dev.kfleet.agent.host;
