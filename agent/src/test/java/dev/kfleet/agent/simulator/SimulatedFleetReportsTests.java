package dev.kfleet.agent.simulator;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.HostReportSchema;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.report.VduseDevice;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedFleetReportsTests {

	@Test
	void everySimulatedHostsReportValidatesAgainstTheContractAndIsConsistent() {
		HostReportSchema schema = HostReportSchema.load("HostReport");
		FleetFactory factory = new FleetFactory(42, new FaultRates(0.2, 0, 0, 0));
		Set<String> releases = new HashSet<>();
		int withDevices = 0;
		for (int i = 0; i < 300; i++) {
			HostReport report = SimulatedReports.report(factory.host(i).kernel(),
					Instant.parse("2026-11-27T10:00:00Z"));
			assertThat(schema.validate(ReportJson.toJson(report, false))).as("host %d", i).isEmpty();
			assertThat(report.hvo().savings().consistent()).as("host %d", i).isTrue();
			releases.add(report.kernel().release().orElseThrow());
			withDevices += report.vduse().devices().orElseThrow().isEmpty() ? 0 : 1;
		}
		assertThat(releases).hasSize(6);
		assertThat(withDevices).isBetween(10, 60);
	}

	@Test
	void theSameSeedMakesTheSameFleet() {
		FleetFactory one = new FleetFactory(5, FaultRates.NONE);
		FleetFactory two = new FleetFactory(5, FaultRates.NONE);
		Instant now = Instant.parse("2026-11-27T10:00:00Z");
		for (int i = 0; i < 20; i++) {
			assertThat(ReportJson.toJson(SimulatedReports.report(one.host(i).kernel(), now), false))
				.isEqualTo(ReportJson.toJson(SimulatedReports.report(two.host(i).kernel(), now), false));
		}
	}

	@Test
	void aFractionOfTheVduseDevicesIsOrphanedTheSameForTheSameSeedAndTheRestOfTheHostUnchanged() {
		HostReportSchema schema = HostReportSchema.load("HostReport");
		FleetFactory plain = new FleetFactory(9, FaultRates.NONE);
		FleetFactory orphaning = new FleetFactory(9, new FaultRates(0, 0, 0, 0, 0.5));
		FleetFactory again = new FleetFactory(9, new FaultRates(0, 0, 0, 0, 0.5));
		Instant now = Instant.parse("2026-12-08T10:00:00Z");
		int devices = 0;
		int orphaned = 0;
		for (int i = 0; i < 400; i++) {
			HostReport report = SimulatedReports.report(orphaning.host(i).kernel(), now);
			String json = ReportJson.toJson(report, false);
			assertThat(schema.validate(json)).as("host %d", i).isEmpty();
			assertThat(json).isEqualTo(ReportJson.toJson(SimulatedReports.report(again.host(i).kernel(), now), false));
			HostReport before = SimulatedReports.report(plain.host(i).kernel(), now);
			assertThat(report.hvo()).isEqualTo(before.hvo());
			List<VduseDevice> list = report.vduse().devices().orElseThrow();
			List<VduseDevice> unorphaned = before.vduse().devices().orElseThrow();
			assertThat(list).extracting(VduseDevice::name)
				.containsExactlyElementsOf(unorphaned.stream().map(VduseDevice::name).toList());
			for (VduseDevice device : list) {
				devices++;
				if (device.backends().orElseThrow().isEmpty()) {
					orphaned++;
					assertThat(device.health().verdict().name()).isEqualTo("UNHEALTHY");
				}
			}
		}
		assertThat(devices).isGreaterThan(40);
		assertThat(orphaned).isBetween(devices / 4, devices * 3 / 4);
	}

}
