package dev.kfleet.agent.report;

/**
 * The kinds of {@link SavingsFinding}.
 */
public enum SavingsFindingCode {

	/** The memmap counters exceed the expected memmap: reclaimed would be negative. */
	RECLAIMED_NEGATIVE,

	/** Reclaimed exceeds what the current HugeTLB pages could free. */
	RECLAIMED_EXCEEDS_RECLAIMABLE,

	/** No HugeTLB page exists, yet the counters differ from the expected memmap. */
	MEMMAP_MISMATCH_WITHOUT_HUGETLB_PAGES,

	/** The baseline and the memory blocks disagree with each other. */
	BASELINE_MISMATCH,

	/** Some current HugeTLB pages are not optimized (switch history, or failures). */
	PARTLY_OPTIMIZED,

	/** Boot-time gigantic pages may have been optimized before the memmap was counted. */
	PRE_OPTIMIZED_BOOT_PAGES,

	/** memmap_on_memory is on: memmap of hot-plugged memory may not be counted. */
	MEMMAP_ON_MEMORY,

	/** A page_ext user may add memmap pages that no memory block explains. */
	PAGE_EXT,

	/**
	 * Surplus HugeTLB pages exist; their vmemmap is restored asynchronously when freed.
	 */
	SURPLUS_PAGES

}
