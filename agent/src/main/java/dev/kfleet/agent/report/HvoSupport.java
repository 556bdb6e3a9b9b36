package dev.kfleet.agent.report;

import java.util.List;

/**
 * Whether the kernel can optimize HugeTLB vmemmap, and what stops or limits it.
 *
 * @param supported whether HVO can optimize at least one HugeTLB size on this kernel
 * @param runtimeSwitch whether {@code /proc/sys/vm/hugetlb_optimize_vmemmap} exists
 * @param limits why HVO is unsupported, or what limits it where it is supported
 */
public record HvoSupport(Reading<Boolean> supported, boolean runtimeSwitch, List<HvoLimit> limits) {

	public HvoSupport {
		limits = List.copyOf(limits);
	}

}
