package dev.kfleet.agent.kernel;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.Reading;

/**
 * The machine architecture as {@code uname -m} prints it: from
 * {@code /proc/sys/kernel/arch} where the kernel has it, otherwise from the
 * configuration.
 */
final class Architecture {

	private Architecture() {
	}

	static Reading<String> detect(HostFiles files, Reading<KernelConfig> config) {
		Reading<String> arch = files.readValue("/proc/sys/kernel/arch");
		if (arch.isKnown() && !arch.orElseThrow().isEmpty()) {
			return arch;
		}
		if (!config.isKnown()) {
			return Reading.unknown("no /proc/sys/kernel/arch and no kernel configuration");
		}
		KernelConfig options = config.orElseThrow();
		if (options.value("CONFIG_X86_64").equals("y")) {
			return Reading.of("x86_64");
		}
		if (options.value("CONFIG_ARM64").equals("y")) {
			return Reading.of("aarch64");
		}
		if (options.value("CONFIG_S390").equals("y")) {
			return Reading.of("s390x");
		}
		if (options.value("CONFIG_RISCV").equals("y") && options.value("CONFIG_64BIT").equals("y")) {
			return Reading.of("riscv64");
		}
		return Reading.unknown("no /proc/sys/kernel/arch, and the configuration names no architecture the agent knows");
	}

}
