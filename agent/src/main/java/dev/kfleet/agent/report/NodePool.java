package dev.kfleet.agent.report;

/**
 * One NUMA node's share of a HugeTLB pool.
 *
 * @param node the node number
 * @param total {@code nr_hugepages} on the node
 * @param free {@code free_hugepages} on the node
 * @param surplus {@code surplus_hugepages} on the node
 */
public record NodePool(int node, Reading<Long> total, Reading<Long> free, Reading<Long> surplus) {
}
