package dev.kfleet.agent.server;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.report.VduseReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportSnapshotTests {

	@Test
	void theHashIsTheLowercaseHexSha256OfTheCompactJson() {
		HostReport report = collect("2026-11-27T10:00:00Z");
		ReportSnapshot snapshot = ReportSnapshot.of(report);
		assertThat(snapshot.json()).isEqualTo(ReportJson.toJson(report, false));
		assertThat(snapshot.hash()).matches("[0-9a-f]{64}").isEqualTo(ReportSnapshot.sha256(snapshot.json()));
		assertThat(ReportSnapshot.sha256("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void theContentHashIgnoresWhenTheReportWasCollectedButNotWhatItSays() {
		ReportSnapshot morning = ReportSnapshot.of(collect("2026-11-27T10:00:00Z"));
		ReportSnapshot evening = ReportSnapshot.of(collect("2026-11-27T18:00:00Z"));
		assertThat(evening.hash()).isNotEqualTo(morning.hash());
		assertThat(evening.contentHash()).isEqualTo(morning.contentHash());
		HostReport other = new HostCollector(Fixtures.named("linux-6.18-vm/c-hvo-on-128x2M").root(),
				Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC))
			.collect();
		assertThat(ReportSnapshot.of(other).contentHash()).isNotEqualTo(morning.contentHash());
	}

	@Test
	void theContentHashIgnoresTheProcessScanButNotTheDevices() {
		HostReport report = collect("2026-11-27T10:00:00Z");
		VduseReport vduse = report.vduse();
		HostReport rescanned = withVduse(report, new VduseReport(vduse.supported(), vduse.supportReason(),
				vduse.loaded(), vduse.modules(), vduse.devices(), Reading.unknown("/proc is not readable")));
		assertThat(ReportSnapshot.of(rescanned).hash()).isNotEqualTo(ReportSnapshot.of(report).hash());
		assertThat(ReportSnapshot.of(rescanned).contentHash()).isEqualTo(ReportSnapshot.of(report).contentHash());
		HostReport withoutDevices = withVduse(report, new VduseReport(vduse.supported(), vduse.supportReason(),
				vduse.loaded(), vduse.modules(), Reading.of(List.of()), vduse.processScan()));
		assertThat(ReportSnapshot.of(withoutDevices).contentHash())
			.isNotEqualTo(ReportSnapshot.of(report).contentHash());
	}

	private static HostReport withVduse(HostReport report, VduseReport vduse) {
		return new HostReport(report.schemaVersion(), report.agent(), report.collectedAt(), report.kernel(),
				report.hvo(), vduse);
	}

	private static HostReport collect(String at) {
		return new HostCollector(Fixtures.named("linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa").root(),
				Clock.fixed(Instant.parse(at), ZoneOffset.UTC))
			.collect();
	}

}
