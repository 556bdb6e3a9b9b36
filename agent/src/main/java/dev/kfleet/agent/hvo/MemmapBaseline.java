package dev.kfleet.agent.hvo;

/**
 * The memmap counters seen at a moment with no HugeTLB page, for the baseline method of
 * kernel-facts.md §1.6 (c). Valid only for the same boot and the same memory blocks.
 *
 * @param memmapPages {@code nr_memmap_pages + nr_memmap_boot_pages} at that moment
 * @param memoryBlocks the number of memory blocks at that moment
 * @param bootId the boot id at that moment
 */
public record MemmapBaseline(long memmapPages, long memoryBlocks, String bootId) {
}
