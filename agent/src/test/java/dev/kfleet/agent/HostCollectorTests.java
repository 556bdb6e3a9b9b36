package dev.kfleet.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.HugetlbPool;
import dev.kfleet.agent.report.Reading;
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
