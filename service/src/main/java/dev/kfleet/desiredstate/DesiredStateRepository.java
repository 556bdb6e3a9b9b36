package dev.kfleet.desiredstate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code desired_state} and {@code desired_state_result} tables.
 */
@Repository
class DesiredStateRepository {

	private static final TypeReference<List<Action>> ACTIONS = new TypeReference<>() {
	};

	private static final TypeReference<List<ActionResult.PoolChange>> POOLS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	DesiredStateRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<Stored> find(UUID hostId) {
		return this.jdbc.sql(
				"SELECT version, actions::text AS actions, updated_at, updated_by FROM desired_state WHERE host_id = ?")
			.param(hostId)
			.query((rs, row) -> new Stored(
					new DesiredState(rs.getLong("version"), this.json.readValue(rs.getString("actions"), ACTIONS)),
					requiredInstant(rs, "updated_at"), rs.getString("updated_by")))
			.optional();
	}

	/** Replaces a host's desired state with the next version and returns it. */
	long replace(UUID hostId, List<Action> actions, Instant now, String by) {
		return this.jdbc.sql("""
				INSERT INTO desired_state (host_id, version, actions, updated_at, updated_by)
				VALUES (?, 1, CAST(? AS jsonb), ?, ?)
				ON CONFLICT (host_id) DO UPDATE SET version = desired_state.version + 1, actions = EXCLUDED.actions,
				    updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by,
				    change_seq = nextval('desired_state_change_seq')
				RETURNING version""")
			.params(hostId, this.json.writeValueAsString(actions), timestamp(now), by)
			.query(Long.class)
			.single();
	}

	/**
	 * The hosts whose desired state changed after {@code changeSeq}, and the newest
	 * change.
	 */
	Changes changedSince(long changeSeq) {
		List<Object[]> rows = this.jdbc
			.sql("SELECT host_id, change_seq FROM desired_state WHERE change_seq > ? ORDER BY change_seq")
			.param(changeSeq)
			.query((rs, row) -> new Object[] { rs.getObject("host_id", UUID.class), rs.getLong("change_seq") })
			.list();
		long newest = rows.isEmpty() ? changeSeq : (long) rows.getLast()[1];
		return new Changes(rows.stream().map((row) -> (UUID) row[0]).toList(), newest);
	}

	long newestChange() {
		return this.jdbc.sql("SELECT COALESCE(max(change_seq), 0) FROM desired_state").query(Long.class).single();
	}

	/** Records results; a result already recorded (resent by the agent) is skipped. */
	void insertResults(UUID hostId, List<ActionResult> results, Instant now) {
		for (ActionResult r : results) {
			this.jdbc.sql("""
					INSERT INTO desired_state_result (host_id, desired_version, action_id, type, outcome, detail,
					    started_at, finished_at, pools, reported_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)
					ON CONFLICT (host_id, desired_version, action_id, started_at) DO NOTHING""")
				.params(hostId, r.desiredVersion(), r.actionId(), r.type(), r.outcome(), r.detail(),
						timestamp(r.startedAt()), timestamp(r.finishedAt()), this.json.writeValueAsString(r.pools()),
						timestamp(now))
				.update();
		}
	}

	List<Reported> results(UUID hostId, long version) {
		return this.jdbc.sql("""
				SELECT desired_version, action_id, type, outcome, detail, started_at, finished_at,
				       pools::text AS pools, reported_at
				FROM desired_state_result WHERE host_id = ? AND desired_version = ? ORDER BY id DESC LIMIT 100""")
			.params(hostId, version)
			.query((rs, row) -> new Reported(
					new ActionResult(rs.getLong("desired_version"), rs.getString("action_id"), rs.getString("type"),
							rs.getString("outcome"), rs.getString("detail"), requiredInstant(rs, "started_at"),
							requiredInstant(rs, "finished_at"), this.json.readValue(rs.getString("pools"), POOLS)),
					requiredInstant(rs, "reported_at")))
			.list();
	}

	record Stored(DesiredState state, Instant updatedAt, String updatedBy) {
	}

	record Changes(List<UUID> hostIds, long newest) {
	}

	record Reported(ActionResult result, Instant reportedAt) {
	}

}
