package dev.kfleet.agent.report;

/**
 * How many processes the agent looked at for open device nodes.
 *
 * @param processes the processes in {@code /proc}
 * @param unreadable those whose open files could not be listed (permission)
 */
public record ProcessScan(long processes, long unreadable) {
}
