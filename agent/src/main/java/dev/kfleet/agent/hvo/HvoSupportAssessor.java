package dev.kfleet.agent.hvo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.kernel.KernelBool;
import dev.kfleet.agent.kernel.KernelVersion;
import dev.kfleet.agent.report.HvoLimit;
import dev.kfleet.agent.report.HvoLimitCode;
import dev.kfleet.agent.report.HvoSupport;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.StructPageSize;

/**
 * Decides whether HVO is supported, and why not (kernel-facts.md §1.1 and §1.3).
 */
public final class HvoSupportAssessor {

	private HvoSupportAssessor() {
	}

	/**
	 * What the verdict depends on.
	 *
	 * @param version the kernel version
	 * @param config the kernel configuration
	 * @param switchPresent whether the sysctl file exists
	 * @param structPageSize the struct page size
	 * @param anyOptimizable whether some HugeTLB size is optimizable
	 * @param memmapOnMemory the {@code memory_hotplug.memmap_on_memory} parameter
	 */
	public record Inputs(Reading<KernelVersion> version, Reading<KernelConfig> config, boolean switchPresent,
			Reading<StructPageSize> structPageSize, Reading<Boolean> anyOptimizable, Reading<String> memmapOnMemory) {
	}

	public static HvoSupport assess(Inputs in) {
		List<HvoLimit> limits = new ArrayList<>();
		Optional<Boolean> configured = configured(in.config());
		Optional<KernelVersion> version = Optional.ofNullable(in.version().orElse(null));
		version.filter((v) -> !v.atLeast(5, 14))
			.ifPresent(
					(v) -> limits.add(blocking(HvoLimitCode.KERNEL_TOO_OLD, "kernel " + v + " predates HVO (5.14)")));
		if (configured.isEmpty()) {
			limits.add(new HvoLimit(HvoLimitCode.CONFIG_UNKNOWN, false,
					"kernel configuration unknown: " + in.config().unknownReason().orElseThrow()));
		}
		else if (!configured.get()) {
			limits.add(blocking(HvoLimitCode.NO_CONFIG, "CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP is not set"));
		}
		if (in.structPageSize().isKnown() && Long.bitCount(in.structPageSize().orElseThrow().bytes()) != 1) {
			limits.add(blocking(HvoLimitCode.STRUCT_PAGE_SIZE,
					"struct page is " + in.structPageSize().orElseThrow().bytes() + " bytes, not a power of two"));
		}
		if (Boolean.FALSE.equals(in.anyOptimizable().orElse(null))) {
			limits.add(blocking(HvoLimitCode.NO_OPTIMIZABLE_SIZE, "no HugeTLB size has more than one page of vmemmap"));
		}
		memmapOnMemory(in, version, limits);
		runtimeSwitch(in, version, configured, limits);
		return new HvoSupport(verdict(in, configured, limits), in.switchPresent(), limits);
	}

	private static Optional<Boolean> configured(Reading<KernelConfig> config) {
		return Optional.ofNullable(config.orElse(null))
			.map((c) -> c.value("CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP").equals("y")
					|| c.value("CONFIG_HUGETLB_PAGE_FREE_VMEMMAP").equals("y"));
	}

	private static void memmapOnMemory(Inputs in, Optional<KernelVersion> version, List<HvoLimit> limits) {
		boolean on = in.memmapOnMemory().map(KernelBool::parse).map((b) -> b.orElse(false)).orElse(false)
				|| in.memmapOnMemory().orElse("").equals("force");
		if (!on) {
			return;
		}
		boolean only519 = version.map((v) -> v.major() == 5 && v.minor() == 19).orElse(false);
		limits.add(only519
				? blocking(HvoLimitCode.MEMMAP_ON_MEMORY,
						"memory_hotplug.memmap_on_memory is on: Linux 5.19 then registers no HVO switch")
				: new HvoLimit(HvoLimitCode.MEMMAP_ON_MEMORY, false, "memory_hotplug.memmap_on_memory is on:"
						+ " HugeTLB pages on hot-plugged memory that hosts its own memmap are not optimized"));
	}

	private static void runtimeSwitch(Inputs in, Optional<KernelVersion> version, Optional<Boolean> configured,
			List<HvoLimit> limits) {
		if (in.switchPresent()) {
			return;
		}
		boolean before519 = version.map((v) -> v.atLeast(5, 14) && !v.atLeast(5, 19)).orElse(false);
		if (before519 && !configured.equals(Optional.of(false))) {
			limits.add(new HvoLimit(HvoLimitCode.NO_RUNTIME_SWITCH, false,
					"kernels before 5.19 have no runtime switch: only hugetlb_free_vmemmap=on at boot"));
		}
		else if (configured.orElse(false) && version.map((v) -> v.atLeast(5, 19)).orElse(true)
				&& limits.stream().noneMatch(HvoLimit::blocking)) {
			limits.add(blocking(HvoLimitCode.SWITCH_ABSENT, "CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP=y but"
					+ " /proc/sys/vm/hugetlb_optimize_vmemmap is absent: the kernel found no optimizable HugeTLB size"));
		}
	}

	private static Reading<Boolean> verdict(Inputs in, Optional<Boolean> configured, List<HvoLimit> limits) {
		if (limits.stream().anyMatch(HvoLimit::blocking)) {
			return Reading.of(false);
		}
		if (configured.isPresent() || in.switchPresent()) {
			return Reading.of(true);
		}
		return Reading.unknown("the kernel configuration is unknown and there is no HVO switch to show support");
	}

	private static HvoLimit blocking(HvoLimitCode code, String message) {
		return new HvoLimit(code, true, message);
	}

}
