package dev.kfleet.agent.hvo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.kernel.BootParameters;
import dev.kfleet.agent.kernel.KernelBool;
import dev.kfleet.agent.kernel.KernelFacts;
import dev.kfleet.agent.kernel.KernelVersion;
import dev.kfleet.agent.report.HugetlbPool;
import dev.kfleet.agent.report.HvoReport;
import dev.kfleet.agent.report.HvoSavings;
import dev.kfleet.agent.report.HvoSupport;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.MemmapCounters;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.StructPageSize;

/**
 * Collects the HVO section of the report from files.
 */
public final class HvoCollector {

	static final String SWITCH = "/proc/sys/vm/hugetlb_optimize_vmemmap";

	static final String MEMMAP_ON_MEMORY = "/sys/module/memory_hotplug/parameters/memmap_on_memory";

	/**
	 * Collects the HVO section.
	 * @param files the host's files
	 * @param kernel the kernel facts
	 * @param baseline the counters at an earlier moment without HugeTLB pages, if known
	 * @return the section; never throws
	 */
	public HvoReport collect(HostFiles files, KernelFacts kernel, Optional<MemmapBaseline> baseline) {
		Reading<Boolean> switchOn = readSwitch(files);
		Reading<String> bootParameter = kernel.bootParameters()
			.flatMap((p) -> p.last("hugetlb_free_vmemmap")
				.map(Reading::of)
				.orElseGet(() -> Reading.unknown("hugetlb_free_vmemmap= is not on the command line")));
		Reading<Boolean> defaultOn = kernel.config().map(HvoCollector::defaultOn);
		Reading<Boolean> onAtBoot = onAtBoot(bootParameter, defaultOn, kernel.bootParameters());
		Reading<List<PoolReader.RawPool>> raw = PoolReader.read(files);
		MemmapReader.RawMemmap memmap = MemmapReader.read(files);
		Reading<StructPageSize> structPage = StructPageSizes.resolve(kernel.info().architecture(), kernel.pageSize(),
				memmap, raw);
		Reading<List<HugetlbPool>> pools = raw.map((list) -> pools(list, kernel, structPage));
		MemmapCounters counters = counters(memmap, kernel.pageSize(), structPage);
		Reading<String> memmapOnMemory = files.readValue(MEMMAP_ON_MEMORY);
		HvoSupport support = HvoSupportAssessor.assess(new HvoSupportAssessor.Inputs(kernel.version(), kernel.config(),
				files.exists(SWITCH), structPage, anyOptimizable(pools), memmapOnMemory));
		SavingsInputs inputs = new SavingsInputs(kernel.pageSize(), counters.expectedMemmapPages(),
				counters.memmapPages(), counters.memoryBlocks(), kernel.info().bootId(), figures(pools), baseline,
				onAtBoot.orElse(false) && switchOn.orElse(false),
				HvoCaveats.find(kernel.config(), kernel.bootParameters(), onAtBoot, memmapOnMemory, kernel.pageSize()));
		HvoSavings savings = SavingsCalculator.calculate(inputs);
		return new HvoReport(support, switchOn, BootSysctl.switchPersisted(files), bootParameter, defaultOn, onAtBoot,
				structPage, pools, counters, savings);
	}

	private static Reading<Boolean> readSwitch(HostFiles files) {
		return files.readValue(SWITCH).flatMap((text) -> switch (text) {
			case "0" -> Reading.of(false);
			case "1" -> Reading.of(true);
			default -> Reading.unknown("garbled: " + SWITCH + " holds '" + HostFiles.abbreviate(text) + "'");
		});
	}

	private static boolean defaultOn(KernelConfig config) {
		return config.value("CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP_DEFAULT_ON").equals("y")
				|| config.value("CONFIG_HUGETLB_PAGE_FREE_VMEMMAP_DEFAULT_ON").equals("y");
	}

	private static Reading<Boolean> onAtBoot(Reading<String> bootParameter, Reading<Boolean> defaultOn,
			Reading<BootParameters> parameters) {
		if (bootParameter.isKnown()) {
			Optional<Boolean> parsed = KernelBool.parse(bootParameter.orElseThrow());
			if (parsed.isPresent()) {
				return Reading.of(parsed.get());
			}
		}
		if (!parameters.isKnown()) {
			return Reading.unknown("the command line is unknown: " + parameters.unknownReason().orElseThrow());
		}
		return defaultOn;
	}

	private static List<HugetlbPool> pools(List<PoolReader.RawPool> raw, KernelFacts kernel,
			Reading<StructPageSize> structPage) {
		List<HugetlbPool> pools = new ArrayList<>();
		for (PoolReader.RawPool pool : raw) {
			Reading<Long> freed = freedPages(pool.sizeBytes(), kernel, structPage);
			Reading<Long> freedBytes = Reading.combine(freed, kernel.pageSize(), VmemmapMath::multiply)
				.flatMap((r) -> r);
			Reading<Long> reclaimable = Reading.combine(pool.total(), freedBytes, VmemmapMath::multiply)
				.flatMap((r) -> r);
			pools.add(new HugetlbPool(pool.name(), pool.sizeBytes(), pool.total(), pool.free(), pool.reserved(),
					pool.surplus(), pool.overcommit(), freed.map((f) -> f > 0), freed, freedBytes, reclaimable,
					pool.nodes()));
		}
		return List.copyOf(pools);
	}

	private static Reading<Long> freedPages(long sizeBytes, KernelFacts kernel, Reading<StructPageSize> structPage) {
		Reading<KernelVersion> version = kernel.version();
		if (!version.isKnown()) {
			return Reading.unknown("the kernel version is unknown: " + version.unknownReason().orElseThrow());
		}
		return Reading
			.combine(kernel.pageSize(), structPage,
					(page, sp) -> VmemmapMath.freedPages(sizeBytes, page, sp.bytes(), version.orElseThrow()))
			.flatMap((r) -> r);
	}

	private static MemmapCounters counters(MemmapReader.RawMemmap memmap, Reading<Long> pageSize,
			Reading<StructPageSize> structPage) {
		Reading<Long> expected = Reading
			.combine(memmap.blocks(), memmap.blockSize(),
					(blocks, size) -> Reading
						.combine(pageSize, structPage,
								(page, sp) -> VmemmapMath.expectedMemmapPages(blocks, size, page, sp.bytes()))
						.flatMap((r) -> r))
			.flatMap((r) -> r);
		return new MemmapCounters(memmap.pages(), memmap.bootPages(), memmap.sum(), memmap.blocks(), memmap.blockSize(),
				expected);
	}

	private static Reading<Boolean> anyOptimizable(Reading<List<HugetlbPool>> pools) {
		return pools.flatMap((list) -> {
			if (list.stream().anyMatch((p) -> p.optimizable().orElse(false))) {
				return Reading.of(true);
			}
			boolean allKnown = !list.isEmpty() && list.stream().allMatch((p) -> p.optimizable().isKnown());
			return allKnown ? Reading.of(false) : Reading.unknown("the optimizable HugeTLB sizes are unknown");
		});
	}

	private static List<SavingsInputs.PoolFigures> figures(Reading<List<HugetlbPool>> pools) {
		if (!pools.isKnown()) {
			String reason = pools.unknownReason().orElseThrow();
			return List.of(new SavingsInputs.PoolFigures("pools", Reading.unknown(reason), Reading.unknown(reason),
					Reading.unknown(reason)));
		}
		return pools.orElseThrow()
			.stream()
			.map((p) -> new SavingsInputs.PoolFigures(p.name(), p.total(), p.surplus(), p.freedPagesPerHugePage()))
			.toList();
	}

}
