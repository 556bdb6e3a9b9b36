package dev.kfleet.agent.hvo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.kernel.KernelVersion;
import dev.kfleet.agent.report.FindingSeverity;
import dev.kfleet.agent.report.HvoSavings;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.ReclaimedMethod;
import dev.kfleet.agent.report.SavingsFindingCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the savings arithmetic over generated hosts: base pages of 4, 16 or 64
 * KiB, their HugeTLB sizes, any number of memory blocks and pages, and any share of the
 * pages optimized. A host's counters are made the way the kernel makes them: the blocks'
 * memmap minus what the optimized pages freed.
 */
class SavingsCalculatorPropertyTests {

	private static final KernelVersion KERNEL = new KernelVersion(6, 18, 0);

	@Property
	void consistentInputsGiveExactlyWhatTheOptimizedPagesFreed(@ForAll("hosts") Host host) {
		Assume.that(host.memmapPages() >= 0);
		HvoSavings savings = SavingsCalculator.calculate(host.inputs(host.memmapPages()));
		long reclaimed = savings.reclaimedBytes().orElseThrow();
		long reclaimable = savings.reclaimableBytes().orElseThrow();
		assertThat(reclaimed).isEqualTo(host.pageSize() * host.freedByOptimized());
		assertThat(reclaimed).isBetween(0L, reclaimable);
		assertThat(reclaimable).isEqualTo(host.pageSize() * host.freedIfAllOptimized());
		assertThat(savings.additionalBytes().orElseThrow()).isEqualTo(reclaimable - reclaimed);
		assertThat(savings.consistent()).isTrue();
		assertThat(savings.findings()).noneMatch((f) -> f.severity() == FindingSeverity.INCONSISTENCY);
		assertThat(savings.method().orElseThrow()).isEqualTo(ReclaimedMethod.MEMMAP_COUNTERS);
	}

	@Property
	void countersAboveTheBlocksMemmapAreFlaggedAndReportedUnclamped(@ForAll("hosts") Host host,
			@ForAll @LongRange(min = 1, max = 1_000_000) long extra) {
		long counters = host.expectedPages() + extra;
		HvoSavings savings = SavingsCalculator.calculate(host.inputs(counters));
		assertThat(savings.reclaimedBytes().orElseThrow()).isEqualTo(-extra * host.pageSize());
		assertThat(savings.consistent()).isFalse();
		assertThat(savings.findings()).anyMatch((f) -> f.code() == SavingsFindingCode.RECLAIMED_NEGATIVE
				|| f.code() == SavingsFindingCode.MEMMAP_MISMATCH_WITHOUT_HUGETLB_PAGES);
	}

	@Property
	void reclaimedBeyondWhatThePagesCanFreeIsFlaggedAndReportedUnclamped(@ForAll("hosts") Host host,
			@ForAll @LongRange(min = 1, max = 1_000_000) long extra) {
		long counters = host.expectedPages() - host.freedIfAllOptimized() - extra;
		Assume.that(counters >= 0);
		HvoSavings savings = SavingsCalculator.calculate(host.inputs(counters));
		assertThat(savings.reclaimedBytes().orElseThrow())
			.isEqualTo((host.freedIfAllOptimized() + extra) * host.pageSize());
		assertThat(savings.consistent()).isFalse();
		assertThat(savings.findings()).anyMatch((f) -> f.code() == SavingsFindingCode.RECLAIMED_EXCEEDS_RECLAIMABLE
				|| f.code() == SavingsFindingCode.MEMMAP_MISMATCH_WITHOUT_HUGETLB_PAGES);
	}

	@Property
	void aBaselineGivesTheSameFigureWhenTheBlocksAreUnknown(@ForAll("hosts") Host host) {
		Assume.that(host.memmapPages() >= 0);
		MemmapBaseline baseline = new MemmapBaseline(host.expectedPages(), host.blocks(), "boot-1");
		SavingsInputs known = host.inputs(host.memmapPages());
		SavingsInputs withoutBlocks = new SavingsInputs(known.pageSize(), Reading.unknown("blocks not readable"),
				known.memmapPages(), Reading.of(host.blocks()), Reading.of("boot-1"), known.pools(),
				Optional.of(baseline), false, List.of());
		HvoSavings savings = SavingsCalculator.calculate(withoutBlocks);
		assertThat(savings.method().orElseThrow()).isEqualTo(ReclaimedMethod.BASELINE_DELTA);
		assertThat(savings.reclaimedBytes().orElseThrow()).isEqualTo(host.pageSize() * host.freedByOptimized());
		assertThat(savings.consistent()).isTrue();
	}

	@Property
	void aBaselineFromAnotherBootIsNotUsed(@ForAll("hosts") Host host) {
		SavingsInputs known = host.inputs(host.memmapPages());
		SavingsInputs otherBoot = new SavingsInputs(known.pageSize(), Reading.unknown("blocks not readable"),
				known.memmapPages(), Reading.of(host.blocks()), Reading.of("boot-2"), known.pools(),
				Optional.of(new MemmapBaseline(host.expectedPages(), host.blocks(), "boot-1")), false, List.of());
		HvoSavings savings = SavingsCalculator.calculate(otherBoot);
		assertThat(savings.reclaimedBytes().isKnown()).isFalse();
		assertThat(savings.reclaimedBytes().unknownReason().orElseThrow()).contains("another boot");
	}

	@Property
	void freedPagesAreTheWholeVmemmapPagesBut1(@ForAll("pageSizes") long pageSize,
			@ForAll @LongRange(min = 0, max = 24) long order) {
		long hugePage = pageSize << order;
		long vmemmapBytes = (hugePage / pageSize) * 64;
		long freed = VmemmapMath.freedPages(hugePage, pageSize, 64, KERNEL).orElseThrow();
		assertThat(freed).isEqualTo((vmemmapBytes > pageSize) ? vmemmapBytes / pageSize - 1 : 0);
		assertThat(freed * pageSize).isLessThan(Math.max(vmemmapBytes, pageSize));
	}

	@Provide
	Arbitrary<Long> pageSizes() {
		return Arbitraries.of(4096L, 16384L, 65536L);
	}

	@Provide
	Arbitrary<Host> hosts() {
		Arbitrary<Long> pageSize = pageSizes();
		return pageSize.flatMap((page) -> Combinators
			.combine(Arbitraries.longs().between(1, 200_000), pools(page), Arbitraries.of(27, 28, 29, 31))
			.as((blocks, pools, blockShift) -> new Host(page, blocks, 1L << blockShift, pools))
			.filter((host) -> host.expectedPagesExact()));
	}

	private static Arbitrary<List<Pool>> pools(long page) {
		List<Long> sizes = switch ((int) page) {
			case 4096 -> List.of(2L << 20, 1L << 30);
			case 16384 -> List.of(2L << 20, 32L << 20, 1L << 30);
			default -> List.of(2L << 20, 512L << 20, 16L << 30);
		};
		List<Arbitrary<Pool>> pools = new ArrayList<>();
		for (long size : sizes) {
			pools.add(Arbitraries.longs()
				.between(0, 5_000)
				.flatMap((total) -> Arbitraries.longs()
					.between(0, total)
					.map((optimized) -> new Pool(size, total, optimized,
							VmemmapMath.freedPages(size, page, 64, KERNEL).orElseThrow()))));
		}
		return Combinators.combine(pools).as(List::copyOf);
	}

	record Pool(long size, long total, long optimized, long freedPages) {
	}

	record Host(long pageSize, long blocks, long blockSize, List<Pool> pools) {

		boolean expectedPagesExact() {
			return VmemmapMath.expectedMemmapPages(this.blocks, this.blockSize, this.pageSize, 64).isKnown();
		}

		long expectedPages() {
			return VmemmapMath.expectedMemmapPages(this.blocks, this.blockSize, this.pageSize, 64).orElseThrow();
		}

		long freedByOptimized() {
			return this.pools.stream().mapToLong((p) -> p.optimized() * p.freedPages()).sum();
		}

		long freedIfAllOptimized() {
			return this.pools.stream().mapToLong((p) -> p.total() * p.freedPages()).sum();
		}

		long memmapPages() {
			return expectedPages() - freedByOptimized();
		}

		SavingsInputs inputs(long counters) {
			List<SavingsInputs.PoolFigures> figures = this.pools.stream()
				.map((p) -> new SavingsInputs.PoolFigures("hugepages-" + (p.size() >> 10) + "kB", Reading.of(p.total()),
						Reading.of(0L), Reading.of(p.freedPages())))
				.toList();
			return new SavingsInputs(Reading.of(this.pageSize), Reading.of(expectedPages()), Reading.of(counters),
					Reading.of(this.blocks), Reading.of("boot-1"), figures, Optional.empty(), false, List.of());
		}

	}

}
