package dev.kfleet.agent.kernel;

import dev.kfleet.agent.host.Head;
import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.host.Text;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.KernelInfo;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.Redaction;

/**
 * Reads the kernel's release, version, architecture, page size, command line, boot id and
 * configuration from files only.
 */
public final class KernelCollector {

	private static final String CMDLINE = "/proc/cmdline";

	/**
	 * How much of {@code /proc/cmdline} is read: 2 KB to 4 KB on most architectures, and
	 * at most 32 KB with a boot configuration; the report keeps 4096 characters.
	 */
	static final int COMMAND_LINE_READ_BYTES = 64 * 1024;

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
		Reading<Head> head = files.readHead(CMDLINE, COMMAND_LINE_READ_BYTES);
		Reading<String> commandLine = head.flatMap((h) -> Text.decode(CMDLINE, h.bytes())).map(String::strip);
		Reading<String> bootId = files.readValue("/proc/sys/kernel/random/boot_id").flatMap(KernelCollector::nonEmpty);
		KernelInfo info = new KernelInfo(release, version, architecture, pageSize, reported(head, commandLine), bootId,
				config);
		return new KernelFacts(info, release.flatMap(KernelVersion::parse), commandLine.map(BootParameters::parse));
	}

	/**
	 * The command line as the report shows it: secrets redacted; when the file was longer
	 * than what was read, its start with the whole length (the agent's own parsing uses
	 * the text before redaction).
	 */
	private static Reading<String> reported(Reading<Head> head, Reading<String> commandLine) {
		if (!commandLine.isKnown()) {
			return commandLine;
		}
		Head read = head.orElseThrow();
		String redacted = Redaction.commandLine(commandLine.orElseThrow(), read.cut());
		return read.cut() ? Reading.truncated(redacted, read.length()) : Reading.of(redacted);
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
