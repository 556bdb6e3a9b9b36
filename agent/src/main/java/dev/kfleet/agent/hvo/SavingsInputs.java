package dev.kfleet.agent.hvo;

import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.SavingsFinding;

/**
 * What {@link SavingsCalculator} works from.
 *
 * @param pageSize the base page size {@code P}
 * @param expectedMemmapPages the memmap of the memory blocks without HVO ({@code E})
 * @param memmapPages {@code nr_memmap_pages + nr_memmap_boot_pages} ({@code M})
 * @param memoryBlocks the number of memory blocks now
 * @param bootId the boot id now
 * @param pools the figures of each HugeTLB pool
 * @param baseline the counters at an earlier moment without HugeTLB pages, if the caller
 * has one
 * @param onSinceBoot whether HVO was on at boot and the switch is still on, which allows
 * an estimate when the kernel has no counters
 * @param caveats caveats found from the configuration and command line; each makes the
 * figure an estimate
 */
public record SavingsInputs(Reading<Long> pageSize, Reading<Long> expectedMemmapPages, Reading<Long> memmapPages,
		Reading<Long> memoryBlocks, Reading<String> bootId, List<PoolFigures> pools, Optional<MemmapBaseline> baseline,
		boolean onSinceBoot, List<SavingsFinding> caveats) {

	public SavingsInputs {
		pools = List.copyOf(pools);
		caveats = List.copyOf(caveats);
	}

	/**
	 * The figures of one HugeTLB pool that the savings depend on.
	 *
	 * @param name the pool name, such as {@code hugepages-2048kB}
	 * @param total {@code nr_hugepages} ({@code N_h}, surplus included)
	 * @param surplus {@code surplus_hugepages}
	 * @param freedPages vmemmap pages HVO frees per page of this size ({@code F_h})
	 */
	public record PoolFigures(String name, Reading<Long> total, Reading<Long> surplus, Reading<Long> freedPages) {
	}

}
