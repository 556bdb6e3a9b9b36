package dev.kfleet.agent.hvo;

import dev.kfleet.agent.kernel.KernelVersion;
import dev.kfleet.agent.report.Reading;

/**
 * The vmemmap arithmetic of kernel-facts.md §1.2 and §1.6 (b), in exact integers. Every
 * method refuses inputs that would make a fraction of a page or overflow a long, rather
 * than rounding.
 */
public final class VmemmapMath {

	private VmemmapMath() {
	}

	/**
	 * Returns the whole base pages of {@code struct page} behind one HugeTLB page:
	 * {@code (hugePageSize / P) * S >> PAGE_SHIFT}, rounded down as the kernel's shift
	 * does. A HugeTLB page whose {@code struct page}s fill less than a page (2 MiB on 16
	 * KiB or 64 KiB base pages) shares its vmemmap pages with its neighbours and has 0.
	 * @param hugePageSize the HugeTLB page size in bytes
	 * @param pageSize the base page size {@code P}
	 * @param structPageSize {@code sizeof(struct page)}, {@code S}
	 * @return the vmemmap pages, or why they cannot be computed
	 */
	public static Reading<Long> vmemmapPages(long hugePageSize, long pageSize, long structPageSize) {
		if (pageSize <= 0 || hugePageSize % pageSize != 0) {
			return Reading.unknown(
					"a " + hugePageSize + "-byte HugeTLB page is not a whole number of " + pageSize + "-byte pages");
		}
		return multiply(hugePageSize / pageSize, structPageSize).map((bytes) -> bytes / pageSize);
	}

	/**
	 * Returns the vmemmap pages HVO frees per HugeTLB page: all but the one it keeps (two
	 * before 5.18, which kept a second page), or 0 when there is no more than that.
	 * @param hugePageSize the HugeTLB page size in bytes
	 * @param pageSize the base page size
	 * @param structPageSize {@code sizeof(struct page)}
	 * @param version the kernel version
	 * @return the freed pages, or why they cannot be computed
	 */
	public static Reading<Long> freedPages(long hugePageSize, long pageSize, long structPageSize,
			KernelVersion version) {
		long reserved = reservedPages(version);
		return vmemmapPages(hugePageSize, pageSize, structPageSize)
			.map((vmemmap) -> (vmemmap > reserved) ? vmemmap - reserved : 0L);
	}

	/**
	 * Returns the vmemmap pages HVO keeps per HugeTLB page: 1 since 5.18 (commit
	 * e7d324850bfc, "free the 2nd vmemmap page"), 2 in 5.14 to 5.17.
	 * @param version the kernel version
	 * @return the pages kept
	 */
	public static long reservedPages(KernelVersion version) {
		return version.atLeast(5, 18) ? 1 : 2;
	}

	/**
	 * Returns the memmap the memory blocks need without HVO:
	 * {@code blocks * (blockSize / P) * S / P}.
	 * @param blocks the number of memory blocks
	 * @param blockSize the memory block size in bytes
	 * @param pageSize the base page size
	 * @param structPageSize {@code sizeof(struct page)}
	 * @return the pages, or why they are not a whole number
	 */
	public static Reading<Long> expectedMemmapPages(long blocks, long blockSize, long pageSize, long structPageSize) {
		if (pageSize <= 0 || blockSize % pageSize != 0) {
			return Reading
				.unknown("a " + blockSize + "-byte memory block is not a whole number of " + pageSize + "-byte pages");
		}
		return wholePages(blockSize / pageSize, pageSize, structPageSize)
			.flatMap((perBlock) -> multiply(blocks, perBlock));
	}

	/**
	 * Multiplies exactly.
	 * @param a a factor
	 * @param b a factor
	 * @return the product, or unknown on overflow
	 */
	public static Reading<Long> multiply(long a, long b) {
		try {
			return Reading.of(Math.multiplyExact(a, b));
		}
		catch (ArithmeticException ex) {
			return Reading.unknown("overflow: " + a + " x " + b + " does not fit in 64 bits");
		}
	}

	private static Reading<Long> wholePages(long structPages, long pageSize, long structPageSize) {
		return multiply(structPages, structPageSize).flatMap((bytes) -> (bytes % pageSize == 0)
				? Reading.of(bytes / pageSize) : Reading.unknown(structPages + " struct pages of " + structPageSize
						+ " bytes are not a whole number of " + pageSize + "-byte pages"));
	}

}
