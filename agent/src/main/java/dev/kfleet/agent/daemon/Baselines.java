package dev.kfleet.agent.daemon;

import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.hvo.MemmapBaseline;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.HugetlbPool;
import dev.kfleet.agent.report.SavingsFindingCode;

/**
 * Takes the memmap baseline of kernel-facts.md §1.6 (c) from a report: the counters at a
 * moment with no HugeTLB page at all, on a known boot and memory layout, and not right
 * after surplus pages were freed (their vmemmap is restored asynchronously, which the
 * report flags).
 */
final class Baselines {

	private Baselines() {
	}

	static Optional<MemmapBaseline> from(HostReport report) {
		List<HugetlbPool> pools = report.hvo().pools().orElse(List.of());
		boolean noPages = !pools.isEmpty() && pools.stream().allMatch((pool) -> pool.total().orElse(-1L) == 0);
		boolean settling = report.hvo()
			.savings()
			.findings()
			.stream()
			.anyMatch((f) -> f.code() == SavingsFindingCode.MEMMAP_MISMATCH_WITHOUT_HUGETLB_PAGES);
		if (!noPages || settling || !report.hvo().memmap().memmapPages().isKnown()
				|| !report.hvo().memmap().memoryBlocks().isKnown() || !report.kernel().bootId().isKnown()) {
			return Optional.empty();
		}
		return Optional.of(new MemmapBaseline(report.hvo().memmap().memmapPages().orElseThrow(),
				report.hvo().memmap().memoryBlocks().orElseThrow(), report.kernel().bootId().orElseThrow()));
	}

}
