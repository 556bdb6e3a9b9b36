package dev.kfleet.reports;

import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code report_fleet_snapshot} table: the one stored snapshot of the fleet's
 * aggregates, and whether the fleet changed since it was taken.
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

	/**
	 * Notes that the fleet changed. Free when it is already noted: the update then
	 * matches no row and writes nothing. It commits without waiting for the disk, like
	 * the check-ins whose events it answers: a crash that loses it loses the event's
	 * completion too, which is written after it, so the event is delivered again.
	 */
	void changed() {
		this.jdbc.sql("""
				WITH cfg AS (SELECT set_config('synchronous_commit', 'off', true) AS synchronous_commit)
				UPDATE report_fleet_snapshot SET changed = true FROM cfg WHERE id = 1 AND NOT changed""").update();
	}

	/**
	 * Takes the change for a new computation: true when the fleet changed since the last
	 * one, or the snapshot is older than {@code maxAge}. A change noted while the new one
	 * is computed is kept for the next.
	 */
	boolean takeChange(java.time.Instant olderThan) {
		return this.jdbc.sql("""
				UPDATE report_fleet_snapshot SET changed = false
				WHERE id = 1 AND (changed OR computed_at IS NULL OR computed_at < ?)""")
			.param(timestamp(olderThan))
			.update() == 1;
	}

	void store(FleetSnapshot snapshot) {
		this.jdbc.sql("UPDATE report_fleet_snapshot SET computed_at = ?, snapshot = CAST(? AS jsonb) WHERE id = 1")
			.params(timestamp(snapshot.computedAt()), this.json.writeValueAsString(snapshot))
			.update();
	}

}
