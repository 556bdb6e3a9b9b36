package dev.kfleet.agent.vduse;

import dev.kfleet.agent.kernel.KernelFacts;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.Reading;

/**
 * Whether the kernel can run VDUSE devices (kernel-facts.md §2.6 step 1).
 *
 * @param supported the verdict
 * @param reason why, in words
 */
record VduseSupport(Reading<Boolean> supported, String reason) {

	static VduseSupport assess(boolean loaded, KernelFacts kernel) {
		if (loaded) {
			return new VduseSupport(Reading.of(true), "the vduse module is loaded (/sys/class/vduse exists)");
		}
		if (kernel.version().map((v) -> !v.atLeast(5, 15)).orElse(false)) {
			return new VduseSupport(Reading.of(false),
					"kernel " + kernel.version().orElseThrow() + " predates VDUSE (5.15)");
		}
		if (!kernel.config().isKnown()) {
			String why = "the vduse module is not loaded and the kernel configuration is unknown";
			return new VduseSupport(Reading.unknown(why), why);
		}
		KernelConfig config = kernel.config().orElseThrow();
		String user = config.value("CONFIG_VDPA_USER");
		if (user.equals("y") || user.equals("m")) {
			return new VduseSupport(Reading.of(true), "CONFIG_VDPA_USER=" + user + ((user.equals("m"))
					? ", but the vduse module is not loaded" : ", but /sys/class/vduse is absent"));
		}
		return new VduseSupport(Reading.of(false), "CONFIG_VDPA_USER is not set");
	}

}
