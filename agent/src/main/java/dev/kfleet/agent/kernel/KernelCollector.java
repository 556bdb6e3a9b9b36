package dev.kfleet.agent.kernel;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.KernelInfo;
import dev.kfleet.agent.report.Reading;

/**
 * Reads the kernel's release, version, architecture, page size, command line, boot id and
 * configuration from files only.
 */
public final class KernelCollector {

	private final KernelConfigReader configReader = new KernelConfigReader();

	/**
	 * Collects the kernel facts of a host.
	 * @param files the host's files
	 * @return the facts; never throws
	 */
	public KernelFacts collect(HostFiles files) {
		Reading<String> release = files.readValue("/proc/sys/kernel/osrelease").flatMap(KernelCollector::nonEmpty);
		Reading<String> procVersion = files.readValue("/proc/version");
		Reading<String> version = readVersion(files, procVersion);
		Reading<KernelConfig> config = this.configReader.read(files, release);
		Reading<String> architecture = Architecture.detect(files, config);
		Reading<Long> pageSize = PageSize.detect(config, architecture);
		Reading<String> commandLine = files.readValue("/proc/cmdline");
		Reading<String> bootId = files.readValue("/proc/sys/kernel/random/boot_id").flatMap(KernelCollector::nonEmpty);
		KernelInfo info = new KernelInfo(release, version, architecture, pageSize, commandLine, bootId, config);
		return new KernelFacts(info, release.flatMap(KernelVersion::parse), commandLine.map(BootParameters::parse));
	}

	private static Reading<String> readVersion(HostFiles files, Reading<String> procVersion) {
		Reading<String> version = files.readValue("/proc/sys/kernel/version").flatMap(KernelCollector::nonEmpty);
		if (version.isKnown()) {
			return version;
		}
		return procVersion.flatMap(ProcVersion::buildVersion);
	}

	private static Reading<String> nonEmpty(String text) {
		return text.isEmpty() ? Reading.unknown("garbled: empty") : Reading.of(text);
	}

}
