package dev.kfleet.agent.server;

/**
 * One HugeTLB pool an action touched, before and after ({@code PoolChange} in
 * openapi.yaml).
 *
 * @param pageSizeBytes the HugeTLB page size
 * @param totalBefore {@code nr_hugepages} before
 * @param freeBefore {@code free_hugepages} before
 * @param totalAfter {@code nr_hugepages} after
 * @param freeAfter {@code free_hugepages} after
 */
public record PoolChange(long pageSizeBytes, long totalBefore, long freeBefore, long totalAfter, long freeAfter) {
}
