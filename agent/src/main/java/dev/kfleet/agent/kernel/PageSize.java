package dev.kfleet.agent.kernel;

import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.Reading;

/**
 * The base page size, from the configuration ({@code CONFIG_PAGE_SHIFT} since 6.x, or the
 * per-architecture page size choices), or from the architecture where it has one size.
 */
final class PageSize {

	private PageSize() {
	}

	static Reading<Long> detect(Reading<KernelConfig> config, Reading<String> architecture) {
		if (config.isKnown()) {
			Reading<Long> fromConfig = fromConfig(config.orElseThrow());
			if (fromConfig.isKnown()) {
				return fromConfig;
			}
		}
		String arch = architecture.orElse("");
		if (arch.equals("x86_64") || arch.equals("s390x")) {
			return Reading.of(4096L);
		}
		return Reading.unknown("no page size option in the kernel configuration, and " + (architecture.isKnown()
				? "the architecture " + arch + " has more than one page size" : "the architecture is unknown"));
	}

	private static Reading<Long> fromConfig(KernelConfig config) {
		String shift = config.value("CONFIG_PAGE_SHIFT");
		if (shift.matches("1[0-9]|2[0-2]")) {
			return Reading.of(1L << Integer.parseInt(shift));
		}
		if (config.value("CONFIG_PAGE_SIZE_4KB").equals("y") || config.value("CONFIG_ARM64_4K_PAGES").equals("y")) {
			return Reading.of(4096L);
		}
		if (config.value("CONFIG_PAGE_SIZE_16KB").equals("y") || config.value("CONFIG_ARM64_16K_PAGES").equals("y")) {
			return Reading.of(16384L);
		}
		if (config.value("CONFIG_PAGE_SIZE_64KB").equals("y") || config.value("CONFIG_ARM64_64K_PAGES").equals("y")) {
			return Reading.of(65536L);
		}
		return Reading.unknown("no page size option");
	}

}
