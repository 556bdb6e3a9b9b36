package dev.kfleet.agent.cli;

import java.util.List;
import java.util.stream.Collectors;

import dev.kfleet.agent.report.FindingSeverity;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.HvoLimit;
import dev.kfleet.agent.report.HvoReport;
import dev.kfleet.agent.report.HvoSavings;
import dev.kfleet.agent.report.KernelInfo;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.report.SavingsFinding;

/**
 * The short summary {@code explain} prints: one line each for the kernel, HVO and VDUSE,
 * and one per inconsistency.
 */
final class Summary {

	private Summary() {
	}

	static String of(HostReport report) {
		StringBuilder sb = new StringBuilder();
		sb.append(kernel(report.kernel())).append('\n');
		sb.append(hvo(report.hvo())).append('\n');
		for (SavingsFinding finding : report.hvo().savings().findings()) {
			if (finding.severity() == FindingSeverity.INCONSISTENCY) {
				sb.append("  inconsistent: ").append(finding.message()).append('\n');
			}
		}
		sb.append(VduseSummary.of(report.vduse())).append('\n');
		return sb.toString();
	}

	private static String kernel(KernelInfo kernel) {
		return "Linux " + kernel.release().orElse("(release unknown)") + " on "
				+ kernel.architecture().orElse("(architecture unknown)") + ", "
				+ kernel.pageSizeBytes().map(ByteSize::format).orElse("(page size unknown)") + " pages";
	}

	static String hvo(HvoReport hvo) {
		if (Boolean.FALSE.equals(hvo.support().supported().orElse(null))) {
			return "HVO unsupported: " + hvo.support()
				.limits()
				.stream()
				.filter(HvoLimit::blocking)
				.map(HvoLimit::message)
				.collect(Collectors.joining("; "));
		}
		return state(hvo) + "; " + savings(hvo.savings());
	}

	private static String state(HvoReport hvo) {
		Reading<Boolean> on = hvo.switchOn();
		Boolean atBoot = hvo.onAtBoot().orElse(null);
		if (!on.isKnown()) {
			return Boolean.TRUE.equals(atBoot) ? "HVO on since boot (no runtime switch)"
					: "HVO switch unknown (" + on.unknownReason().orElseThrow() + ")";
		}
		if (on.orElseThrow()) {
			return Boolean.TRUE.equals(atBoot) ? "HVO on since boot" : "HVO on (turned on at run time)";
		}
		return Boolean.TRUE.equals(atBoot) ? "HVO off (on at boot, turned off at run time)" : "HVO off";
	}

	private static String savings(HvoSavings savings) {
		if (!savings.reclaimedBytes().isKnown()) {
			return "reclaimed unknown (" + savings.reclaimedBytes().unknownReason().orElseThrow() + ")";
		}
		String possible = savings.reclaimableBytes().map(ByteSize::format).orElse("an unknown amount");
		return ByteSize.format(savings.reclaimedBytes().orElseThrow()) + " reclaimed of " + possible + " possible ("
				+ savings.method().map(ReportJson::jsonName).orElse("?") + ", "
				+ savings.accuracy().map(ReportJson::jsonName).orElse("?") + ")";
	}

	static String plural(List<?> items, String noun) {
		return items.size() + " " + noun + ((items.size() == 1) ? "" : "s");
	}

}
