/**
 * HugeTLB Vmemmap Optimization: support, the switch, the HugeTLB pools, the memmap
 * counters, and the arithmetic of kernel-facts.md §1.2 and §1.6.
 */
package dev.kfleet.agent.hvo;
