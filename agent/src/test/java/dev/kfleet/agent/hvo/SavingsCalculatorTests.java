package dev.kfleet.agent.hvo;

import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.report.Accuracy;
import dev.kfleet.agent.report.FindingSeverity;
import dev.kfleet.agent.report.HvoSavings;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.ReclaimedMethod;
import dev.kfleet.agent.report.SavingsFinding;
import dev.kfleet.agent.report.SavingsFindingCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SavingsCalculatorTests {

	private static final List<SavingsInputs.PoolFigures> POOLS = List
		.of(new SavingsInputs.PoolFigures("hugepages-2048kB", Reading.of(100L), Reading.of(0L), Reading.of(7L)));

	@Test
	void withoutCountersAHostOnSinceBootGetsALabelledEstimate() {
		HvoSavings savings = SavingsCalculator.calculate(inputs(Reading.unknown("absent: nr_memmap_pages"), true));
		assertThat(savings.method()).isEqualTo(Reading.of(ReclaimedMethod.ESTIMATE_ON_SINCE_BOOT));
		assertThat(savings.accuracy()).isEqualTo(Reading.of(Accuracy.ESTIMATE));
		assertThat(savings.reclaimedBytes()).isEqualTo(Reading.of(700L * 4096));
	}

	@Test
	void withoutCountersAndWithoutHvoSinceBootReclaimedIsUnknownWithTheReasons() {
		HvoSavings savings = SavingsCalculator.calculate(inputs(Reading.unknown("absent: nr_memmap_pages"), false));
		assertThat(savings.reclaimedBytes().unknownReason().orElseThrow()).contains("absent: nr_memmap_pages",
				"no baseline", "not been on since boot");
		assertThat(savings.reclaimableBytes()).isEqualTo(Reading.of(700L * 4096));
	}

	@Test
	void aCaveatFromTheConfigurationMakesTheFigureAnEstimate() {
		SavingsInputs base = inputs(Reading.of(98304L - 700), false);
		SavingsInputs withCaveat = new SavingsInputs(base.pageSize(), base.expectedMemmapPages(), base.memmapPages(),
				base.memoryBlocks(), base.bootId(), base.pools(), Optional.empty(), false,
				List.of(new SavingsFinding(SavingsFindingCode.MEMMAP_ON_MEMORY, FindingSeverity.CAVEAT, "on")));
		assertThat(SavingsCalculator.calculate(base).accuracy()).isEqualTo(Reading.of(Accuracy.EXACT));
		assertThat(SavingsCalculator.calculate(withCaveat).accuracy()).isEqualTo(Reading.of(Accuracy.ESTIMATE));
		assertThat(SavingsCalculator.calculate(withCaveat).consistent()).isTrue();
	}

	@Test
	void aPendingSurplusRestoreWithEmptyPoolsIsFlaggedNotHidden() {
		List<SavingsInputs.PoolFigures> empty = List
			.of(new SavingsInputs.PoolFigures("hugepages-2048kB", Reading.of(0L), Reading.of(0L), Reading.of(7L)));
		SavingsInputs in = new SavingsInputs(Reading.of(4096L), Reading.of(98304L), Reading.of(98234L),
				Reading.of(192L), Reading.of("b"), empty, Optional.empty(), false, List.of());
		HvoSavings savings = SavingsCalculator.calculate(in);
		assertThat(savings.reclaimedBytes()).isEqualTo(Reading.of(70L * 4096));
		assertThat(savings.consistent()).isFalse();
		assertThat(savings.findings()).extracting(SavingsFinding::code)
			.containsExactly(SavingsFindingCode.MEMMAP_MISMATCH_WITHOUT_HUGETLB_PAGES);
		assertThat(savings.findings().getFirst().message()).contains("read again");
	}

	private static SavingsInputs inputs(Reading<Long> counters, boolean onSinceBoot) {
		return new SavingsInputs(Reading.of(4096L), Reading.of(98304L), counters, Reading.of(192L), Reading.of("b"),
				POOLS, Optional.empty(), onSinceBoot, List.of());
	}

}
