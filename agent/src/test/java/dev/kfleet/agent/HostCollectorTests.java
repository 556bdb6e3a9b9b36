package dev.kfleet.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.HostReportSchema;
import dev.kfleet.agent.report.HugetlbPool;
import dev.kfleet.agent.report.ProcessRef;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.ReportJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class HostCollectorTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);

	@Test
	void anEmptyRootGivesUnknownsWithReasonsNotExceptions(@TempDir Path root) {
		HostReport report = new HostCollector(root, CLOCK).collect();
		assertThat(report.collectedAt()).isEqualTo("2026-01-02T03:04:05.678Z");
		assertThat(report.kernel().release().unknownReason()).hasValue("absent: /proc/sys/kernel/osrelease");
		assertThat(report.hvo().switchOn().isKnown()).isFalse();
		assertThat(report.hvo().savings().reclaimedBytes().isKnown()).isFalse();
		assertThat(report.hvo().savings().reclaimedBytes().unknownReason().orElseThrow()).contains("page size");
		assertThat(report.hvo().savings().method().unknownReason().orElseThrow()).contains("no method applies");
		assertThat(report.hvo().support().supported().isKnown()).isFalse();
		assertThat(report.vduse().supported().isKnown()).isFalse();
	}

	@Test
	void garbledFilesGiveUnknownsNotWrongNumbers(@TempDir Path root) throws IOException {
		write(root, "proc/sys/kernel/osrelease", "6.18.0\n");
		write(root, "proc/vmstat", "nr_free_pages 5\nnr_memmap_pages 12x\nnr_memmap_boot_pages 98304\n");
		write(root, "proc/sys/vm/hugetlb_optimize_vmemmap", "yes\n");
		write(root, "sys/devices/system/memory/block_size_bytes", "zz\n");
		Files.createDirectories(root.resolve("sys/devices/system/memory/memory0"));
		write(root, "sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "-3\n");
		write(root, "sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "99999999999999999999\n");
		write(root, "sys/kernel/mm/hugepages/hugepages-2048kB/surplus_hugepages", "\n");
		HostReport report = new HostCollector(root, CLOCK).collect();
		assertThat(report.hvo().memmap().nrMemmapPages().unknownReason().orElseThrow()).startsWith("garbled");
		assertThat(report.hvo().memmap().nrMemmapBootPages()).isEqualTo(Reading.of(98304L));
		assertThat(report.hvo().memmap().memmapPages().isKnown()).isFalse();
		assertThat(report.hvo().memmap().memoryBlockSizeBytes().unknownReason().orElseThrow()).startsWith("garbled");
		assertThat(report.hvo().switchOn().unknownReason().orElseThrow()).startsWith("garbled");
		HugetlbPool pool = report.hvo().pools().orElseThrow().getFirst();
		assertThat(pool.total().unknownReason().orElseThrow()).startsWith("garbled");
		assertThat(pool.free().unknownReason().orElseThrow()).startsWith("garbled");
		assertThat(pool.surplus().unknownReason().orElseThrow()).startsWith("garbled");
		assertThat(pool.reserved().unknownReason().orElseThrow()).startsWith("absent");
		assertThat(report.hvo().savings().reclaimedBytes().isKnown()).isFalse();
		assertThat(report.hvo().savings().reclaimableBytes().isKnown()).isFalse();
	}

	@Test
	void aNulByteInAnyFileMakesThatValueUnknownAndTheReportStillValidates(@TempDir Path root) throws IOException {
		Fixtures.copyTree(Fixtures.named("linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa").root(), root);
		List<Path> files;
		try (Stream<Path> all = Files.walk(root)) {
			files = all.filter((f) -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
		}
		for (Path file : files) {
			Files.write(file, new byte[] { 0 }, StandardOpenOption.APPEND);
		}
		HostReport report = new HostCollector(root, CLOCK).collect();
		assertThat(report.kernel().release().unknownReason().orElseThrow())
			.startsWith("garbled: /proc/sys/kernel/osrelease holds a NUL byte at byte ");
		assertThat(report.kernel().commandLine().unknownReason().orElseThrow())
			.startsWith("garbled: /proc/cmdline holds a NUL byte");
		assertThat(report.hvo().switchOn().unknownReason().orElseThrow()).contains("holds a NUL byte");
		String json = ReportJson.toJson(report, false);
		assertThat(json).doesNotContain("\\u0000");
		assertThat(HostReportSchema.load("HostReport").validate(json)).isEmpty();
	}

	@Test
	void aKernelReleaseThatNamesNoFileMakesTheConfigurationUnknown(@TempDir Path root) throws IOException {
		write(root, "proc/sys/kernel/osrelease", "../../etc/shadow\n");
		assertThat(new HostCollector(root, CLOCK).collect().kernel().config().unknownReason().orElseThrow())
			.contains("holds a '/'");
	}

	@Test
	void aHugeCommandLineGivesAReportOfAFewKilobytesThatSaysWhatItCut(@TempDir Path root) throws IOException {
		Fixtures.copyTree(Fixtures.named("linux-6.18-vm/c-hvo-on-128x2M").root(), root);
		String start = "BOOT_IMAGE=/vmlinuz ro db_password=hunter2 hugetlb_free_vmemmap=on ";
		String commandLine = start + "x".repeat(3 * 1024 * 1024 - start.length() - 1) + "\n";
		write(root, "proc/cmdline", commandLine);
		HostReport report = new HostCollector(root, CLOCK).collect();
		String json = ReportJson.toJson(report, false);
		assertThat(json.length()).isLessThan(16 * 1024);
		assertThat(report.kernel().commandLine()).isEqualTo(Reading
			.truncated("BOOT_IMAGE=/vmlinuz ro db_password=<redacted> hugetlb_free_vmemmap=on ", commandLine.length()));
		assertThat(json).contains("\"truncated\":{\"commandLine\":" + commandLine.length() + "}")
			.doesNotContain("hunter2");
		assertThat(report.hvo().bootParameter()).as("parsed from the text before redaction")
			.isEqualTo(Reading.of("on"));
		assertThat(HostReportSchema.load("HostReport").validate(json)).isEmpty();
	}

	@Test
	void secretsOnTheCommandLineAreRedactedAndBootParametersStillParsed(@TempDir Path root) throws IOException {
		Fixtures.copyTree(Fixtures.named("linux-6.18-vm/c-hvo-on-128x2M").root(), root);
		write(root, "proc/cmdline", "ro hugetlb_free_vmemmap=off rd.luks.key=/k.bin token=abc quiet\n");
		HostReport report = new HostCollector(root, CLOCK).collect();
		assertThat(report.kernel().commandLine())
			.isEqualTo(Reading.of("ro hugetlb_free_vmemmap=off rd.luks.key=<redacted> token=<redacted> quiet"));
		assertThat(report.hvo().bootParameter()).isEqualTo(Reading.of("off"));
	}

	@Test
	void aBackEndsCommandLineIsRedactedAndALongOneCutWithItsLength(@TempDir Path root) throws IOException {
		Fixtures.copyTree(Fixtures.named("linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa").root(), root);
		String arguments = "qemu-storage-daemon\u0000--object\u0000secret,id=sec0,data=letmein\u0000--password\u0000"
				+ "hunter2\u0000" + "x".repeat(200_000) + "\u0000";
		write(root, "proc/637/cmdline", arguments);
		write(root, "proc/1205/cmdline", "qemu-storage-daemon\u0000--token\u0000abc\u0000");
		HostReport report = new HostCollector(root, CLOCK).collect();
		List<ProcessRef> backends = report.vduse()
			.devices()
			.orElseThrow()
			.stream()
			.flatMap((device) -> device.backends().orElseThrow().stream())
			.toList();
		assertThat(backends).extracting(ProcessRef::cmdline)
			.containsExactly(
					Reading.truncated("qemu-storage-daemon --object secret,id=<redacted> --password <redacted>",
							arguments.length()),
					Reading.of("qemu-storage-daemon --token <redacted>"));
		String json = ReportJson.toJson(report, false);
		assertThat(json).doesNotContain("letmein").doesNotContain("hunter2").doesNotContain("xxxx");
		assertThat(HostReportSchema.load("HostReport").validate(json)).isEmpty();
	}

	@Test
	void readsTheHostItRunsOn() {
		HostReport report = new HostCollector(Path.of("/"), CLOCK).collect();
		assertThat(report.agent().root()).isEqualTo("/");
		assertThat(report.kernel().release().orElseThrow()).isEqualTo(System.getProperty("os.version"));
	}

	private static void write(Path root, String path, String content) throws IOException {
		Path file = root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
