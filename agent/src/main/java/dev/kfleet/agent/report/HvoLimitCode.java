package dev.kfleet.agent.report;

/**
 * The kinds of {@link HvoLimit}.
 */
public enum HvoLimitCode {

	/** The kernel was built without {@code CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP}. */
	NO_CONFIG,

	/** The kernel predates HVO (5.14). */
	KERNEL_TOO_OLD,

	/** {@code struct page} is not a power of two in size. */
	STRUCT_PAGE_SIZE,

	/** No HugeTLB size has more than one page of vmemmap. */
	NO_OPTIMIZABLE_SIZE,

	/** {@code memory_hotplug.memmap_on_memory} disables or limits HVO. */
	MEMMAP_ON_MEMORY,

	/** Before 5.19 HVO can only be chosen at boot. */
	NO_RUNTIME_SWITCH,

	/** The configuration enables HVO but the kernel registered no runtime switch. */
	SWITCH_ABSENT,

	/** The kernel configuration could not be read. */
	CONFIG_UNKNOWN

}
