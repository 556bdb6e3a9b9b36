package dev.kfleet.agent.report;

import java.util.List;

/**
 * The HugeTLB pool of one page size.
 *
 * @param name the sysfs directory name, such as {@code hugepages-2048kB}
 * @param pageSizeBytes the HugeTLB page size
 * @param total {@code nr_hugepages}: every HugeTLB page of this size, surplus pages
 * included
 * @param free {@code free_hugepages}
 * @param reserved {@code resv_hugepages}
 * @param surplus {@code surplus_hugepages}
 * @param overcommit {@code nr_overcommit_hugepages}: the most surplus pages allowed
 * @param optimizable whether HVO can optimize pages of this size
 * @param freedPagesPerHugePage base pages of vmemmap HVO frees per HugeTLB page of this
 * size
 * @param freedBytesPerHugePage the same in bytes
 * @param reclaimableBytes the vmemmap bytes freed if every page of this pool were
 * optimized
 * @param nodes the same pool per NUMA node
 */
public record HugetlbPool(@MaxLength(64) String name, long pageSizeBytes, Reading<Long> total, Reading<Long> free,
		Reading<Long> reserved, Reading<Long> surplus, Reading<Long> overcommit, Reading<Boolean> optimizable,
		Reading<Long> freedPagesPerHugePage, Reading<Long> freedBytesPerHugePage, Reading<Long> reclaimableBytes,
		Reading<List<NodePool>> nodes) {
}
