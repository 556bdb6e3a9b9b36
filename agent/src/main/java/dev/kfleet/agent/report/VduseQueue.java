package dev.kfleet.agent.report;

/**
 * One virtqueue of a VDUSE device.
 *
 * @param index the queue index
 * @param irqCbAffinity {@code irq_cb_affinity}: the CPUs the interrupt callback may run
 * on
 */
public record VduseQueue(int index, @MaxLength(4096) Reading<String> irqCbAffinity) {
}
