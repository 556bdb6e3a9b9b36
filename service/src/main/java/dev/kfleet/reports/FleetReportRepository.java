package dev.kfleet.reports;

import java.sql.Timestamp;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code report_fleet_report} table: the one stored report of the whole fleet. */
@Repository
class FleetReportRepository {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	FleetReportRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<FleetReport> find() {
		return this.jdbc.sql("SELECT report::text FROM report_fleet_report WHERE id = 1")
			.query(String.class)
			.optional()
			.map((text) -> this.json.readValue(text, FleetReport.class));
	}

	void store(FleetReport report) {
		this.jdbc.sql("""
				INSERT INTO report_fleet_report (id, computed_at, report) VALUES (1, ?, CAST(? AS jsonb))
				ON CONFLICT (id) DO UPDATE SET computed_at = EXCLUDED.computed_at, report = EXCLUDED.report""")
			.params(Timestamp.from(report.computedAt()), this.json.writeValueAsString(report))
			.update();
	}

}
