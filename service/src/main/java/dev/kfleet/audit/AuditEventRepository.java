package dev.kfleet.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code audit_event} table: inserted into, never updated.
 */
@Repository
class AuditEventRepository {

	private static final String COLUMNS = "id, at, actor_kind, actor_id, actor_name, action, target_type, target_id, details::text AS details";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AuditEventRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(Instant at, Actor actor, String action, String targetType, @Nullable String targetId,
			Map<String, ? extends @Nullable Object> details) {
		this.jdbc.sql("""
				INSERT INTO audit_event (at, actor_kind, actor_id, actor_name, action, target_type, target_id, details)
				VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))""")
			.params(timestamp(at), actor.kind(), actor.id(), actor.name(), action, targetType, targetId,
					this.json.writeValueAsString(details))
			.update();
	}

	/** Inserts one event per target, in the map's order. */
	void insertAll(Instant at, Actor actor, String action, String targetType,
			Map<?, ? extends Map<String, ? extends @Nullable Object>> detailsByTarget) {
		List<String> targets = new ArrayList<>();
		List<String> details = new ArrayList<>();
		detailsByTarget.forEach((target, detail) -> {
			targets.add(target.toString());
			details.add(this.json.writeValueAsString(detail));
		});
		this.jdbc.sql("""
				INSERT INTO audit_event (at, actor_kind, actor_id, actor_name, action, target_type, target_id, details)
				SELECT ?, ?, ?, ?, ?, ?, e.target_id, CAST(e.details AS jsonb)
				FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS e(target_id, details, n) ORDER BY e.n""")
			.params(timestamp(at), actor.kind(), actor.id(), actor.name(), action, targetType,
					new SqlArrayValue("text", targets.toArray()), new SqlArrayValue("text", details.toArray()))
			.update();
	}

	/**
	 * Up to {@code limit} events, newest first, older than {@code before} when it is
	 * given, with the given action and target when they are given.
	 */
	List<AuditEvent> page(@Nullable String action, @Nullable String targetId, @Nullable Long before, int limit) {
		List<String> where = new ArrayList<>(List.of("TRUE"));
		Map<String, Object> parameters = new HashMap<>(Map.of("limit", limit));
		if (action != null) {
			where.add("action = :action");
			parameters.put("action", action);
		}
		if (targetId != null) {
			where.add("target_id = :targetId");
			parameters.put("targetId", targetId);
		}
		if (before != null) {
			where.add("id < :before");
			parameters.put("before", before);
		}
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM audit_event WHERE " + String.join(" AND ", where)
					+ " ORDER BY id DESC LIMIT :limit")
			.params(parameters)
			.query(this::map)
			.list();
	}

	private AuditEvent map(ResultSet rs, int row) throws SQLException {
		return new AuditEvent(rs.getLong("id"), requiredInstant(rs, "at"),
				new Actor(rs.getString("actor_kind"), rs.getString("actor_id"), rs.getString("actor_name")),
				rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
				this.json.readTree(rs.getString("details")));
	}

}
