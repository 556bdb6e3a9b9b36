package dev.kfleet.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code audit_event} table: inserted into, never updated, deleted from only when
 * older than the retention ({@link AuditRetention}; the table refuses anything else).
 * Pages are newest first by {@code (at, id)}, each filter served by an index of its own
 * (ADR 0040).
 */
@Repository
class AuditEventRepository {

	private static final String COLUMNS = "id, at, actor_kind, actor_id, actor_name, actor_role, action, target_type, "
			+ "target_id, outcome, reason, details::text AS details";

	private static final String INSERTED = "at, actor_kind, actor_id, actor_name, actor_role, action, target_type, "
			+ "outcome, reason, target_id, details";

	/**
	 * The service's name and kind, and the target type of hosts: what rows hold in bulk.
	 */
	private static final String SERVICE_NAME = "kfleet";

	private static final String SERVICE_KIND = "service";

	private static final String HOST = "host";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AuditEventRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(Written written, @Nullable String targetId, Map<String, ? extends @Nullable Object> details) {
		this.jdbc
			.sql("INSERT INTO audit_event (" + INSERTED + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))")
			.params(written.parameters())
			.param(targetId)
			.param(this.json.writeValueAsString(details))
			.update();
	}

	/** Inserts one event per target, in the map's order. */
	void insertAll(Written written, Map<?, ? extends Map<String, ? extends @Nullable Object>> detailsByTarget) {
		List<String> targets = new ArrayList<>();
		List<String> details = new ArrayList<>();
		detailsByTarget.forEach((target, detail) -> {
			targets.add(target.toString());
			details.add(this.json.writeValueAsString(detail));
		});
		this.jdbc
			.sql("INSERT INTO audit_event (" + INSERTED + ") "
					+ "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, e.target_id, CAST(e.details AS jsonb) "
					+ "FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS e(target_id, details, n) ORDER BY e.n")
			.params(written.parameters())
			.param(new SqlArrayValue("text", targets.toArray()))
			.param(new SqlArrayValue("text", details.toArray()))
			.update();
	}

	Optional<AuditEvent> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM audit_event WHERE id = ?")
			.param(id)
			.query(this::map)
			.optional();
	}

	/**
	 * Up to {@code limit} events that pass the filter, newest first, older than
	 * {@code after} when it is given.
	 */
	List<AuditEvent> page(AuditEventFilter filter, @Nullable Position after, int limit) {
		List<String> where = new ArrayList<>(List.of("TRUE"));
		Map<String, Object> parameters = new HashMap<>(Map.of("limit", limit));
		// Some indexes leave out the values rows hold in bulk (the service's, hosts): a
		// condition on another value repeats the index's predicate, which it implies, so
		// that even a generic plan uses the index
		// (V202612073001__audit_indexes_for_filters).
		condition(where, parameters, "actor_id = :actorId", "actorId", filter.actorId());
		condition(where, parameters, "actor_name = :actorName" + unless(filter.actorName(), "actor_name", SERVICE_NAME),
				"actorName", filter.actorName());
		condition(where, parameters, "actor_kind = :actorKind" + unless(filter.actorKind(), "actor_kind", SERVICE_KIND),
				"actorKind", filter.actorKind());
		condition(where, parameters, "action = :action", "action", filter.action());
		// The same expression as the index on it, so that the index serves it.
		condition(where, parameters, "split_part(action, '.', 1) = :actionGroup", "actionGroup", filter.actionGroup());
		condition(where, parameters, "target_type = :targetType" + unless(filter.targetType(), "target_type", HOST),
				"targetType", filter.targetType());
		condition(where, parameters, "target_id = :targetId", "targetId", filter.targetId());
		condition(where, parameters, "at >= :from", "from", (filter.from() != null) ? timestamp(filter.from()) : null);
		condition(where, parameters, "at < :to", "to", (filter.to() != null) ? timestamp(filter.to()) : null);
		if (filter.outcome() != null) {
			// A literal (the outcome is one of two), so that a generic plan still matches
			// the partial index of refusals.
			where.add(AuditEvent.REFUSED.equals(filter.outcome()) ? "outcome = 'refused'" : "outcome = 'succeeded'");
		}
		if (after != null) {
			where.add("(at, id) < (:afterAt, :afterId)");
			parameters.put("afterAt", timestamp(after.at()));
			parameters.put("afterId", after.id());
		}
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM audit_event WHERE " + String.join(" AND ", where)
					+ " ORDER BY at DESC, id DESC LIMIT :limit")
			.params(parameters)
			.query(this::map)
			.list();
	}

	/**
	 * Deletes up to {@code limit} of the oldest events older than {@code cutoff}, in one
	 * statement of the caller's transaction, which it marks as the retention's (the table
	 * refuses other deletes); says how many it deleted.
	 */
	int deleteOlderThan(Instant cutoff, int limit) {
		this.jdbc.sql("SELECT set_config('kfleet.audit_retention', 'on', true)").query(String.class).single();
		return this.jdbc.sql("""
				DELETE FROM audit_event WHERE id IN (
				    SELECT id FROM audit_event WHERE at < ? ORDER BY at, id LIMIT ?)""")
			.params(timestamp(cutoff), limit)
			.update();
	}

	/**
	 * {@code AND column <> 'bulk'} when the value filtered on is another one: the
	 * predicate of the column's partial index.
	 */
	private static String unless(@Nullable String value, String column, String bulk) {
		return (value == null || value.equals(bulk)) ? "" : " AND " + column + " <> '" + bulk + "'";
	}

	private static void condition(List<String> where, Map<String, Object> parameters, String sql, String name,
			@Nullable Object value) {
		if (value != null) {
			where.add(sql);
			parameters.put(name, value);
		}
	}

	private AuditEvent map(ResultSet rs, int row) throws SQLException {
		return new AuditEvent(rs.getLong("id"), requiredInstant(rs, "at"),
				new Actor(rs.getString("actor_kind"), rs.getString("actor_id"), rs.getString("actor_name"),
						rs.getString("actor_role")),
				rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"), rs.getString("outcome"),
				rs.getString("reason"), this.json.readTree(rs.getString("details")));
	}

	/**
	 * Where a page ends: the newest first order is by time, then by id.
	 *
	 * @param at the event's time
	 * @param id the event's id
	 */
	record Position(Instant at, long id) {

		static Position of(AuditEvent event) {
			return new Position(event.at(), event.id());
		}

	}

	/**
	 * What the events one call writes have in common.
	 *
	 * @param at when
	 * @param actor who
	 * @param action what
	 * @param targetType to what kind of thing
	 * @param outcome how it ended
	 * @param reason why, as the caller said
	 */
	record Written(Instant at, Actor actor, String action, String targetType, String outcome, @Nullable String reason) {

		private Object[] parameters() {
			return new Object[] { timestamp(this.at), this.actor.kind(), this.actor.id(), this.actor.name(),
					this.actor.role(), this.action, this.targetType, this.outcome, this.reason };
		}

	}

}
