package dev.kfleet.agent.simulator;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.HostReportSchema;
import dev.kfleet.agent.report.ReportJson;
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

}
