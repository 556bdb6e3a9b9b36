package dev.kfleet.agent.hvo;

import java.util.ArrayList;
import java.util.List;

import dev.kfleet.agent.report.Accuracy;
import dev.kfleet.agent.report.FindingSeverity;
import dev.kfleet.agent.report.HvoSavings;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.ReclaimedMethod;
import dev.kfleet.agent.report.SavingsFinding;
import dev.kfleet.agent.report.SavingsFindingCode;

/**
 * Bytes reclaimed now and bytes reclaimable (kernel-facts.md §1.6). Reclaimed comes from
 * the memmap counters (b), else a baseline delta (c), else, without counters, an estimate
 * for a host where HVO has been on since boot. Figures that contradict each other are
 * reported as computed and flagged as inconsistencies, never clamped.
 */
public final class SavingsCalculator {

	private SavingsCalculator() {
	}

	/**
	 * Computes the savings.
	 * @param in the inputs
	 * @return the savings; never throws
	 */
	public static HvoSavings calculate(SavingsInputs in) {
		List<SavingsFinding> findings = new ArrayList<>(in.caveats());
		Reading<Long> reclaimablePages = reclaimablePages(in.pools());
		Reclaimed reclaimed = reclaimedPages(in, reclaimablePages, findings);
		Reading<Long> reclaimableBytes = Reading.combine(in.pageSize(), reclaimablePages, VmemmapMath::multiply)
			.flatMap((r) -> r);
		Reading<Long> reclaimedBytes = Reading.combine(in.pageSize(), reclaimed.pages(), VmemmapMath::multiply)
			.flatMap((r) -> r);
		if (reclaimed.pages().isKnown() && reclaimablePages.isKnown()) {
			SavingsChecks.check(reclaimed.pages().orElseThrow(), reclaimablePages.orElseThrow(), in, findings);
		}
		Reading<Long> additional = Reading.combine(reclaimableBytes, reclaimedBytes, Math::subtractExact);
		boolean consistent = findings.stream().noneMatch((f) -> f.severity() == FindingSeverity.INCONSISTENCY);
		Reading<Accuracy> accuracy = reclaimed.method().map((method) -> accuracy(method, findings));
		return new HvoSavings(reclaimedBytes, reclaimed.method(), accuracy, reclaimableBytes, additional, consistent,
				findings);
	}

	static Reading<Long> reclaimablePages(List<SavingsInputs.PoolFigures> pools) {
		long sum = 0;
		for (SavingsInputs.PoolFigures pool : pools) {
			Reading<Long> pages = Reading.combine(pool.total(), pool.freedPages(), VmemmapMath::multiply)
				.flatMap((r) -> r);
			if (!pages.isKnown()) {
				return Reading.unknown(pool.name() + ": " + pages.unknownReason().orElseThrow());
			}
			try {
				sum = Math.addExact(sum, pages.orElseThrow());
			}
			catch (ArithmeticException ex) {
				return Reading.unknown("overflow adding the reclaimable pages of " + pool.name());
			}
		}
		return Reading.of(sum);
	}

	private static Reclaimed reclaimedPages(SavingsInputs in, Reading<Long> reclaimablePages,
			List<SavingsFinding> findings) {
		Reading<Long> fromCounters = Reading.combine(in.expectedMemmapPages(), in.memmapPages(), Math::subtractExact);
		Reading<Long> fromBaseline = baselineDelta(in);
		if (fromCounters.isKnown()) {
			if (fromBaseline.isKnown() && !fromBaseline.orElseThrow().equals(fromCounters.orElseThrow())) {
				findings.add(new SavingsFinding(SavingsFindingCode.BASELINE_MISMATCH, FindingSeverity.INCONSISTENCY,
						"the memory blocks give " + fromCounters.orElseThrow() + " reclaimed pages, the baseline "
								+ fromBaseline.orElseThrow()));
			}
			return new Reclaimed(fromCounters, Reading.of(ReclaimedMethod.MEMMAP_COUNTERS));
		}
		if (fromBaseline.isKnown()) {
			return new Reclaimed(fromBaseline, Reading.of(ReclaimedMethod.BASELINE_DELTA));
		}
		if (!in.memmapPages().isKnown() && in.onSinceBoot() && reclaimablePages.isKnown()) {
			return new Reclaimed(reclaimablePages, Reading.of(ReclaimedMethod.ESTIMATE_ON_SINCE_BOOT));
		}
		String reason = "no method applies: " + fromCounters.unknownReason().orElseThrow() + "; "
				+ fromBaseline.unknownReason().orElseThrow()
				+ (in.onSinceBoot() ? "" : "; no estimate, since HVO has not been on since boot");
		return new Reclaimed(Reading.unknown(reason), Reading.unknown(reason));
	}

	private static Reading<Long> baselineDelta(SavingsInputs in) {
		if (in.baseline().isEmpty()) {
			return Reading.unknown("no baseline of the counters without HugeTLB pages");
		}
		MemmapBaseline baseline = in.baseline().get();
		if (!in.bootId().isKnown() || !in.bootId().orElseThrow().equals(baseline.bootId())) {
			return Reading.unknown("the baseline is from another boot");
		}
		if (!in.memoryBlocks().isKnown() || in.memoryBlocks().orElseThrow() != baseline.memoryBlocks()) {
			return Reading.unknown("memory was hot-plugged or removed since the baseline");
		}
		return in.memmapPages().map((now) -> baseline.memmapPages() - now);
	}

	private static Accuracy accuracy(ReclaimedMethod method, List<SavingsFinding> findings) {
		boolean caveat = findings.stream()
			.anyMatch((f) -> f.severity() == FindingSeverity.CAVEAT && SavingsChecks.makesEstimate(f.code()));
		return (method == ReclaimedMethod.ESTIMATE_ON_SINCE_BOOT || caveat) ? Accuracy.ESTIMATE : Accuracy.EXACT;
	}

	private record Reclaimed(Reading<Long> pages, Reading<ReclaimedMethod> method) {
	}

}
