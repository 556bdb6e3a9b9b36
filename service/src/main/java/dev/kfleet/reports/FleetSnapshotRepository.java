package dev.kfleet.reports;

import java.util.Optional;

import tools.jackson.core.JacksonException;
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

	/**
	 * The stored snapshot, if one was computed yet in this version's shape: one an older
	 * version stored (before an upgrade's first run of the fleet job) is not shown.
	 */
	Optional<FleetSnapshot> find() {
		return this.jdbc.sql("SELECT snapshot::text FROM report_fleet_snapshot WHERE id = 1 AND snapshot IS NOT NULL")
			.query(String.class)
			.optional()
			.flatMap(this::read);
	}

	private Optional<FleetSnapshot> read(String text) {
		try {
			FleetSnapshot snapshot = this.json.readValue(text, FleetSnapshot.class);
			return (snapshot.installedBytes() != null && snapshot.orphanedDevices() != null) ? Optional.of(snapshot)
					: Optional.empty();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	void store(FleetSnapshot snapshot) {
		this.jdbc.sql("UPDATE report_fleet_snapshot SET snapshot = CAST(? AS jsonb) WHERE id = 1")
			.param(this.json.writeValueAsString(snapshot))
			.update();
	}

}
