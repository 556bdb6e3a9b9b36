package dev.kfleet.agent.report;

import java.util.List;

/**
 * HugeTLB Vmemmap Optimization on this host.
 *
 * @param support whether the kernel can optimize, and what limits it
 * @param switchOn the runtime switch {@code /proc/sys/vm/hugetlb_optimize_vmemmap}
 * @param switchPersisted the value the boot-time sysctl configuration sets the switch to
 * ({@code /etc/sysctl.d} and the other sysctl.d directories, {@code /etc/sysctl.conf});
 * unknown, with the reason, when nothing sets it or a file cannot be read
 * @param bootParameter the value of {@code hugetlb_free_vmemmap=} on the command line
 * (the last one)
 * @param defaultOn whether {@code CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP_DEFAULT_ON} is set
 * @param onAtBoot whether HVO was on when the kernel booted (the boot parameter overrides
 * the default)
 * @param structPageSize the size of {@code struct page} used in the arithmetic, and where
 * it came from
 * @param pools the HugeTLB pools, one per page size, smallest first
 * @param memmap the memmap counters and the memory blocks behind the expected memmap
 * @param savings bytes reclaimed now, bytes reclaimable, and the checks between them
 */
public record HvoReport(HvoSupport support, Reading<Boolean> switchOn, Reading<Boolean> switchPersisted,
		@MaxLength(256) Reading<String> bootParameter, Reading<Boolean> defaultOn, Reading<Boolean> onAtBoot,
		Reading<StructPageSize> structPageSize, Reading<List<HugetlbPool>> pools, MemmapCounters memmap,
		HvoSavings savings) {
}
