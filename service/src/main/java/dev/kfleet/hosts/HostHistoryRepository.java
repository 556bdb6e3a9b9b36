package dev.kfleet.hosts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code host_change} table: the history of what changed on each host.
 */
@Repository
class HostHistoryRepository {

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final JsonMapper json;

	HostHistoryRepository(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
		this.jdbc = jdbc;
		this.template = template;
		this.json = json;
	}

	void insert(UUID hostId, List<HostChange> changes, Instant changedAt) {
		insert(Map.of(hostId, changes), changedAt);
	}

	/** Writes the changes of several hosts in one batch. */
	void insert(Map<UUID, List<HostChange>> changes, Instant changedAt) {
		List<Object[]> rows = new ArrayList<>();
		changes.forEach((hostId, list) -> list.forEach((change) -> rows.add(new Object[] { hostId, timestamp(changedAt),
				change.field(), jsonOrNull(change.from()), jsonOrNull(change.to()) })));
		if (rows.isEmpty()) {
			return;
		}
		this.template.batchUpdate("""
				INSERT INTO host_change (host_id, changed_at, field, from_value, to_value)
				VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))""", rows);
	}

	/**
	 * Up to {@code limit} changes of a host older than {@code beforeId}, newest first.
	 */
	List<HostChange> page(UUID hostId, @Nullable Long beforeId, int limit) {
		return this.jdbc.sql("""
				SELECT id, changed_at, field, from_value::text AS from_value, to_value::text AS to_value
				FROM host_change WHERE host_id = ? AND (CAST(? AS bigint) IS NULL OR id < ?)
				ORDER BY id DESC LIMIT ?""")
			.params(hostId, beforeId, beforeId, limit)
			.query((rs, row) -> new HostChange(rs.getLong("id"), requiredInstant(rs, "changed_at"),
					rs.getString("field"), parse(rs.getString("from_value")), parse(rs.getString("to_value"))))
			.list();
	}

	private @Nullable String jsonOrNull(@Nullable Object value) {
		return (value != null) ? this.json.writeValueAsString(value) : null;
	}

	private @Nullable JsonNode parse(@Nullable String value) {
		return (value != null) ? this.json.readTree(value) : null;
	}

}
