package dev.kfleet.agent.report;

/**
 * The agent that made a report.
 *
 * @param version the agent's version
 * @param root the directory the host's files were read under ({@code /} on the host
 * itself)
 */
public record AgentInfo(@MaxLength(64) String version, @MaxLength(4096) String root) {
}
