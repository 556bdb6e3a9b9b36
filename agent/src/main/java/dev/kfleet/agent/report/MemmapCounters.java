package dev.kfleet.agent.report;

/**
 * The kernel's memmap counters and the memmap expected without HVO.
 *
 * @param nrMemmapPages {@code nr_memmap_pages} from {@code /proc/vmstat} (kernel 6.11 and
 * later)
 * @param nrMemmapBootPages {@code nr_memmap_boot_pages} from {@code /proc/vmstat}
 * @param memmapPages their sum, the only meaningful figure
 * @param memoryBlocks the number of memory blocks in {@code /sys/devices/system/memory}
 * @param memoryBlockSizeBytes {@code block_size_bytes}
 * @param expectedMemmapPages the memmap of those blocks without HVO: blocks × (block size
 * / page size) × struct page size / page size
 */
public record MemmapCounters(Reading<Long> nrMemmapPages, Reading<Long> nrMemmapBootPages, Reading<Long> memmapPages,
		Reading<Long> memoryBlocks, Reading<Long> memoryBlockSizeBytes, Reading<Long> expectedMemmapPages) {
}
