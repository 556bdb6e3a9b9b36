package dev.kfleet.agent.report;

/**
 * A process, as {@code /proc/PID} shows it.
 *
 * @param pid the process id (in the PID namespace of the root's {@code /proc})
 * @param comm {@code comm}: the command name
 * @param cmdline {@code cmdline}, arguments joined by spaces
 */
public record ProcessRef(long pid, @MaxLength(64) Reading<String> comm, @MaxLength(4096) Reading<String> cmdline) {
}
