package dev.kfleet.agent.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.AgentVersion;
import dev.kfleet.agent.hvo.BootSysctl;
import dev.kfleet.agent.hvo.HvoSupportAssessor;
import dev.kfleet.agent.hvo.SavingsCalculator;
import dev.kfleet.agent.hvo.SavingsInputs;
import dev.kfleet.agent.kernel.KernelVersion;
import dev.kfleet.agent.report.AgentInfo;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.HugetlbPool;
import dev.kfleet.agent.report.HvoReport;
import dev.kfleet.agent.report.HvoSavings;
import dev.kfleet.agent.report.HvoSupport;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.KernelInfo;
import dev.kfleet.agent.report.MemmapCounters;
import dev.kfleet.agent.report.NodePool;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.StructPageSize;
import dev.kfleet.agent.report.StructPageSizeSource;

/**
 * Makes the {@link HostReport} of a modeled kernel with the agent's own report records:
 * the support verdict comes from the agent's {@link HvoSupportAssessor} and the bytes
 * reclaimed and reclaimable from its {@link SavingsCalculator}, fed with the modeled
 * counters, exactly as a real collection would feed them.
 */
final class SimulatedReports {

	static final String ROOT = "/simulated";

	private SimulatedReports() {
	}

	static HostReport report(SimulatedKernel kernel, Instant now) {
		KernelProfile profile = kernel.profile();
		Reading<KernelConfig> config = Reading
			.of(new KernelConfig("/boot/config-" + profile.release(), profile.config()));
		KernelInfo info = new KernelInfo(Reading.of(profile.release()),
				Reading.of("#1 SMP PREEMPT_DYNAMIC " + profile.release()), Reading.of("x86_64"),
				Reading.of(KernelProfile.PAGE_SIZE), Reading.of(profile.commandLine()), Reading.of(profile.bootId()),
				config);
		return new HostReport(HostReport.SCHEMA_VERSION, new AgentInfo(AgentVersion.current(), ROOT),
				now.truncatedTo(ChronoUnit.MILLIS).toString(), info, hvo(kernel, config),
				SimulatedVduse.report(kernel));
	}

	private static HvoReport hvo(SimulatedKernel kernel, Reading<KernelConfig> config) {
		KernelProfile profile = kernel.profile();
		Reading<StructPageSize> structPage = Reading
			.of(new StructPageSize(KernelProfile.STRUCT_PAGE, StructPageSizeSource.ARCHITECTURE_DEFAULT));
		List<HugetlbPool> pools = pools(kernel);
		Reading<KernelVersion> version = KernelVersion.parse(profile.release());
		HvoSupport support = HvoSupportAssessor.assess(new HvoSupportAssessor.Inputs(version, config,
				profile.runtimeSwitch(), structPage, Reading.of(true), Reading.of("N")));
		MemmapCounters memmap = memmap(kernel);
		HvoSavings savings = SavingsCalculator.calculate(new SavingsInputs(Reading.of(KernelProfile.PAGE_SIZE),
				memmap.expectedMemmapPages(), memmap.memmapPages(), memmap.memoryBlocks(), Reading.of(profile.bootId()),
				pools.stream()
					.map((p) -> new SavingsInputs.PoolFigures(p.name(), p.total(), p.surplus(),
							p.freedPagesPerHugePage()))
					.toList(),
				Optional.empty(), profile.onAtBoot() && kernel.hvoSwitch().orElse(profile.onAtBoot()), List.of()));
		Reading<Boolean> switchOn = kernel.hvoSwitch()
			.map(Reading::of)
			.orElseGet(() -> Reading.unknown("absent: /proc/sys/vm/hugetlb_optimize_vmemmap"));
		Reading<String> bootParameter = profile.onAtBoot() ? Reading.of("on")
				: Reading.unknown("hugetlb_free_vmemmap= is not on the command line");
		Reading<Boolean> switchPersisted = kernel.persistedSwitch()
			.map(Reading::of)
			.orElseGet(() -> Reading.unknown(BootSysctl.NOT_SET));
		return new HvoReport(support, switchOn, switchPersisted, bootParameter, Reading.of(false),
				Reading.of(profile.onAtBoot()), structPage, Reading.of(pools), memmap, savings);
	}

	private static List<HugetlbPool> pools(SimulatedKernel kernel) {
		List<HugetlbPool> pools = new ArrayList<>();
		for (ModeledPool pool : kernel.pools()) {
			long freed = kernel.profile().hvoBuilt() ? kernel.profile().freedPages(pool.sizeBytes()) : 0;
			long freedBytes = freed * KernelProfile.PAGE_SIZE;
			pools.add(new HugetlbPool("hugepages-" + pool.sizeBytes() / 1024 + "kB", pool.sizeBytes(),
					Reading.of(pool.total()), Reading.of(pool.free()), Reading.of(pool.reserved()), Reading.of(0L),
					Reading.of(0L), Reading.of(freed > 0), Reading.of(freed), Reading.of(freedBytes),
					Reading.of(pool.total() * freedBytes), Reading.of(List
						.of(new NodePool(0, Reading.of(pool.total()), Reading.of(pool.free()), Reading.of(0L))))));
		}
		return pools;
	}

	private static MemmapCounters memmap(SimulatedKernel kernel) {
		KernelProfile profile = kernel.profile();
		Reading<Long> blocks = Reading.of(profile.memoryBlocks());
		Reading<Long> blockSize = Reading.of(KernelProfile.BLOCK_SIZE);
		Reading<Long> expected = Reading.of(profile.expectedMemmapPages());
		if (!profile.memmapCounters()) {
			String reason = "absent from /proc/vmstat: nr_memmap_pages needs kernel 6.11 or later";
			return new MemmapCounters(Reading.unknown(reason), Reading.unknown(reason), Reading.unknown(reason), blocks,
					blockSize, expected);
		}
		return new MemmapCounters(Reading.of(kernel.nrMemmapPages()), Reading.of(kernel.nrMemmapBootPages()),
				Reading.of(kernel.nrMemmapPages() + kernel.nrMemmapBootPages()), blocks, blockSize, expected);
	}

}
