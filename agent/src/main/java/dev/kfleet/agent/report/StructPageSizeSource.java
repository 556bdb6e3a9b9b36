package dev.kfleet.agent.report;

/**
 * Where a {@link StructPageSize} came from.
 */
public enum StructPageSizeSource {

	/**
	 * Derived from the memmap counters while no HugeTLB page exists: the counted memmap
	 * divided by the pages of the memory blocks.
	 */
	MEMMAP_COUNTERS,

	/** The size on the architecture (64 bytes on x86-64 and arm64). */
	ARCHITECTURE_DEFAULT

}
