package dev.kfleet.agent.report;

/**
 * The agent that made a report.
 *
 * @param version the agent's version
 * @param root the directory the host's files were read under ({@code /} on the host
 * itself)
 */
public record AgentInfo(String version, String root) {
}
