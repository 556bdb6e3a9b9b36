package dev.kfleet.agent.report;

/**
 * How the bytes reclaimed now were obtained (kernel-facts.md §1.6).
 */
public enum ReclaimedMethod {

	/** (b): the memmap expected from the memory blocks minus the memmap counters. */
	MEMMAP_COUNTERS,

	/**
	 * (c): the memmap counters at a baseline with no HugeTLB page minus the counters now.
	 */
	BASELINE_DELTA,

	/**
	 * No counters (kernel before 6.11): HVO was on at boot and the switch is still on, so
	 * every current HugeTLB page is assumed optimized. Wrong if the switch was ever
	 * turned off while pages were allocated, or an optimization failed.
	 */
	ESTIMATE_ON_SINCE_BOOT

}
