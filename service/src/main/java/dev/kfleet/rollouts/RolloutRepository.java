package dev.kfleet.rollouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kfleet.rollouts.RolloutState.Phase;

import static dev.kfleet.platform.SqlTypes.instant;
import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/** The {@code rollout} table. */
@Repository
class RolloutRepository {

	private static final String COLUMNS = "id, spec::text AS spec, state, phase, wave, wave_count, phase_since, bake_until, "
			+ "accepted_failures, reason, created_at, created_by::text AS created_by, updated_at, finished_at";

	private static final String ACTIVE = "state IN ('pending', 'running', 'paused', 'rolling-back')";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	RolloutRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(Rollout rollout) {
		this.jdbc.sql("""
				INSERT INTO rollout (id, name, feature, spec, state, phase, wave, wave_count, phase_since, bake_until,
				    accepted_failures, reason, created_at, created_by, updated_at, finished_at)
				VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)""")
			.params(rollout.id(), rollout.spec().name(), rollout.spec().feature().value(),
					this.json.writeValueAsString(rollout.spec().describe()), rollout.state().value(),
					(rollout.phase() != null) ? rollout.phase().value() : null, rollout.wave(), rollout.waveCount(),
					timestamp(rollout.phaseSince()), timestamp(rollout.bakeUntil()), rollout.acceptedFailures(),
					rollout.reason(), timestamp(rollout.createdAt()), this.json.writeValueAsString(rollout.createdBy()),
					timestamp(rollout.updatedAt()), timestamp(rollout.finishedAt()))
			.update();
	}

	/** Writes where the rollout is now (its spec never changes). */
	void update(Rollout rollout) {
		this.jdbc.sql("""
				UPDATE rollout SET state = ?, phase = ?, wave = ?, phase_since = ?, bake_until = ?,
				    accepted_failures = ?, reason = ?, updated_at = ?, finished_at = ?
				WHERE id = ?""")
			.params(rollout.state().value(), (rollout.phase() != null) ? rollout.phase().value() : null, rollout.wave(),
					timestamp(rollout.phaseSince()), timestamp(rollout.bakeUntil()), rollout.acceptedFailures(),
					rollout.reason(), timestamp(rollout.updatedAt()), timestamp(rollout.finishedAt()), rollout.id())
			.update();
	}

	Optional<Rollout> find(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM rollout WHERE id = ?").param(id).query(this::map).optional();
	}

	/**
	 * The rollout, locked until the transaction ends: whoever holds the lock is the only
	 * one deciding for it (the reconciler of any replica, an operator's request).
	 */
	Optional<Rollout> lock(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM rollout WHERE id = ? FOR UPDATE")
			.param(id)
			.query(this::map)
			.optional();
	}

	/** The rollouts the reconciler works on, oldest first. */
	List<UUID> active() {
		return this.jdbc.sql("SELECT id FROM rollout WHERE " + ACTIVE + " ORDER BY id").query(UUID.class).list();
	}

	/** How many rollouts are in each state. */
	Map<String, Long> countByState() {
		Map<String, Long> counts = new HashMap<>();
		this.jdbc.sql("SELECT state, count(*) AS n FROM rollout GROUP BY state").query((rs) -> {
			counts.put(rs.getString("state"), rs.getLong("n"));
		});
		return counts;
	}

	/** Up to {@code limit} rollouts, newest first, before {@code before} when given. */
	List<Rollout> page(@Nullable String state, @Nullable String feature, @Nullable UUID before, int limit) {
		List<String> where = new ArrayList<>(List.of("TRUE"));
		Map<String, Object> parameters = new HashMap<>(Map.of("limit", limit));
		if (state != null) {
			where.add("state = :state");
			parameters.put("state", state);
		}
		if (feature != null) {
			where.add("feature = :feature");
			parameters.put("feature", feature);
		}
		if (before != null) {
			where.add("id < :before");
			parameters.put("before", before);
		}
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM rollout WHERE " + String.join(" AND ", where)
					+ " ORDER BY id DESC LIMIT :limit")
			.params(parameters)
			.query(this::map)
			.list();
	}

	private Rollout map(ResultSet rs, int row) throws SQLException {
		String phase = rs.getString("phase");
		return new Rollout(rs.getObject("id", UUID.class), RolloutSpec.of(this.json.readTree(rs.getString("spec"))),
				RolloutState.of(rs.getString("state")), (phase != null) ? Phase.of(phase) : null, rs.getInt("wave"),
				rs.getInt("wave_count"), requiredInstant(rs, "phase_since"), instant(rs, "bake_until"),
				rs.getInt("accepted_failures"), rs.getString("reason"), requiredInstant(rs, "created_at"),
				this.json.readValue(rs.getString("created_by"), new TypeReference<Map<String, @Nullable Object>>() {
				}), requiredInstant(rs, "updated_at"), instant(rs, "finished_at"));
	}

}
