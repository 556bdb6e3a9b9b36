package dev.kfleet.agent.simulator;

import java.util.List;
import java.util.Map;

/**
 * What does not change while a modeled kernel runs: its release, configuration, memory,
 * command line and VDUSE devices.
 *
 * @param release {@code uname -r}
 * @param minor the version as major × 1000 + minor (6012 for 6.12)
 * @param config the relevant {@code CONFIG_*} options
 * @param commandLine {@code /proc/cmdline}
 * @param bootId the boot id
 * @param memoryBlocks the 128 MiB memory blocks (the RAM)
 * @param runtimeSwitch the kernel has {@code /proc/sys/vm/hugetlb_optimize_vmemmap}
 * (5.19+ with HVO built)
 * @param memmapCounters the kernel has {@code nr_memmap_pages} (6.11+)
 * @param onAtBoot HVO was on at boot ({@code hugetlb_free_vmemmap=on})
 * @param vduseDevices the VDUSE devices: name to type ({@code block}, {@code net}) and
 * driver, as {@code "block/virtio_vdpa"}, with {@value #ORPHANED} after them when the
 * device's back-end process is gone
 */
record KernelProfile(String release, int minor, Map<String, String> config, String commandLine, String bootId,
		long memoryBlocks, boolean runtimeSwitch, boolean memmapCounters, boolean onAtBoot,
		Map<String, String> vduseDevices) {

	/** Marks a VDUSE device whose back end is gone. */
	static final String ORPHANED = "/orphaned";

	static final long PAGE_SIZE = 4096;

	static final long BLOCK_SIZE = 128L << 20;

	static final long STRUCT_PAGE = 64;

	static final List<Long> SIZES = List.of(2L << 20, 1L << 30);

	boolean hvoBuilt() {
		return "y".equals(this.config.get("CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP"))
				|| "y".equals(this.config.get("CONFIG_HUGETLB_PAGE_FREE_VMEMMAP"));
	}

	/** The memmap of all blocks without HVO, in pages. */
	long expectedMemmapPages() {
		return this.memoryBlocks * (BLOCK_SIZE / PAGE_SIZE) * STRUCT_PAGE / PAGE_SIZE;
	}

	/**
	 * Vmemmap pages HVO frees per HugeTLB page of a size (one kept since 5.18, two
	 * before).
	 */
	long freedPages(long size) {
		long vmemmap = size / PAGE_SIZE * STRUCT_PAGE / PAGE_SIZE;
		long kept = (this.minor >= 5018) ? 1 : 2;
		return (vmemmap > kept) ? vmemmap - kept : 0;
	}

}
