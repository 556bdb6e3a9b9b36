package dev.kfleet.agent.report;

/**
 * The report of one host: what the agent read from its kernel. The root of the
 * {@code HostReport} schema in {@code openapi.yaml}.
 *
 * @param schemaVersion the version of this document's shape ({@value #SCHEMA_VERSION})
 * @param agent the agent that collected it
 * @param collectedAt when collection started, as an ISO-8601 instant
 * @param kernel the kernel's identity and configuration
 * @param hvo HugeTLB Vmemmap Optimization: support, switch, pools and memory reclaimed
 * @param vduse VDUSE support and devices
 */
public record HostReport(int schemaVersion, AgentInfo agent, @MaxLength(64) String collectedAt, KernelInfo kernel,
		HvoReport hvo, VduseReport vduse) {

	/** The current value of {@link #schemaVersion()}. */
	public static final int SCHEMA_VERSION = 1;

}
