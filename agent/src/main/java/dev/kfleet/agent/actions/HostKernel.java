package dev.kfleet.agent.actions;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The kernel tunables the actions read and write: the HVO switch and the HugeTLB pools.
 * {@link SysfsKernel} reads and writes {@code /proc} and {@code /sys} under a root; the
 * simulator's modeled kernel implements it too, so the simulator runs the real actions.
 */
public interface HostKernel {

	/**
	 * Reads {@code /proc/sys/vm/hugetlb_optimize_vmemmap}.
	 * @return the switch, or empty when the kernel has no runtime switch
	 * @throws IOException if it cannot be read
	 */
	Optional<Boolean> hvoSwitch() throws IOException;

	/**
	 * Writes the HVO switch.
	 * @param on the new value
	 * @throws IOException if the kernel refused
	 */
	void setHvoSwitch(boolean on) throws IOException;

	/**
	 * Lists the HugeTLB page sizes.
	 * @return the sizes in bytes, smallest first
	 * @throws IOException if they cannot be listed
	 */
	List<Long> poolSizes() throws IOException;

	/**
	 * Reads a pool, or one NUMA node's share of it.
	 * @param pageSizeBytes the HugeTLB page size
	 * @param node the node, or empty for the whole pool
	 * @return the counts (a node's share has no reserved count: 0)
	 * @throws IOException if a file cannot be read
	 */
	PoolCounts pool(long pageSizeBytes, OptionalInt node) throws IOException;

	/**
	 * Lists the NUMA nodes that have a share of a pool.
	 * @param pageSizeBytes the HugeTLB page size
	 * @return the nodes; empty when the kernel shows no per-node pools
	 * @throws IOException if they cannot be listed
	 */
	List<Integer> poolNodes(long pageSizeBytes) throws IOException;

	/**
	 * Writes {@code nr_hugepages} of a pool or of one node's share.
	 * @param pageSizeBytes the HugeTLB page size
	 * @param node the node, or empty for the whole pool
	 * @param total the number of pages asked for; the kernel gives what it can
	 * @throws IOException if the kernel refused the write
	 */
	void setPoolTotal(long pageSizeBytes, OptionalInt node, long total) throws IOException;

	/**
	 * Reads {@code nr_memmap_pages + nr_memmap_boot_pages} (kernel 6.11 and later).
	 * @return the sum, or empty when the kernel has no such counters
	 */
	OptionalLong memmapPages();

	/**
	 * Returns the base page size.
	 * @return the size in bytes
	 */
	long basePageSize();

	/**
	 * The counts of a HugeTLB pool.
	 *
	 * @param total {@code nr_hugepages}, surplus included
	 * @param free {@code free_hugepages}
	 * @param reserved {@code resv_hugepages} (0 for a node's share)
	 * @param surplus {@code surplus_hugepages}
	 */
	record PoolCounts(long total, long free, long reserved, long surplus) {

		/**
		 * Returns the pages that can be given back: free and not reserved.
		 * @return free minus reserved, at least 0
		 */
		public long freeUnreserved() {
			return Math.max(0, this.free - this.reserved);
		}

	}

}
