package dev.kfleet.reports;

import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code report_fleet_snapshot} table: the one stored snapshot of the fleet's
 * aggregates.
 */
@Repository
class FleetSnapshotRepository {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	FleetSnapshotRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** The stored snapshot, if one was computed yet. */
	Optional<FleetSnapshot> find() {
		return this.jdbc.sql("SELECT snapshot::text FROM report_fleet_snapshot WHERE id = 1 AND snapshot IS NOT NULL")
			.query(String.class)
			.optional()
			.map((text) -> this.json.readValue(text, FleetSnapshot.class));
	}

	void store(FleetSnapshot snapshot) {
		this.jdbc.sql("UPDATE report_fleet_snapshot SET snapshot = CAST(? AS jsonb) WHERE id = 1")
			.param(this.json.writeValueAsString(snapshot))
			.update();
	}

}
