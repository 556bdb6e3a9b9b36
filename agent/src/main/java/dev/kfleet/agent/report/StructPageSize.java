package dev.kfleet.agent.report;

/**
 * The size of {@code struct page} used in the memmap arithmetic.
 *
 * @param bytes the size
 * @param source where the size came from
 */
public record StructPageSize(long bytes, StructPageSizeSource source) {
}
