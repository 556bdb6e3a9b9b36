package dev.kfleet.observations;

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

	void insert(UUID hostId, List<FieldChange> changes, Instant changedAt) {
		insert(Map.of(hostId, changes), changedAt);
	}

	/**
	 * Writes one entry per host with changes, each holding all of them, in one batch.
	 */
	void insert(Map<UUID, List<FieldChange>> changes, Instant changedAt) {
		List<Object[]> rows = new ArrayList<>();
		changes.forEach((hostId, list) -> {
			if (!list.isEmpty()) {
				rows.add(new Object[] { hostId, timestamp(changedAt), this.json.writeValueAsString(list) });
			}
		});
		if (rows.isEmpty()) {
			return;
		}
		this.template.batchUpdate(
				"INSERT INTO host_change (host_id, changed_at, changes) VALUES (?, ?, CAST(? AS jsonb))", rows);
	}

	/**
	 * Up to {@code limit} entries of a host older than {@code beforeId}, newest first.
	 */
	List<HostChange> page(UUID hostId, @Nullable Long beforeId, int limit) {
		return this.jdbc.sql("""
				SELECT id, changed_at, changes::text AS changes
				FROM host_change WHERE host_id = ? AND (CAST(? AS bigint) IS NULL OR id < ?)
				ORDER BY id DESC LIMIT ?""")
			.params(hostId, beforeId, beforeId, limit)
			.query((rs, row) -> new HostChange(rs.getLong("id"), requiredInstant(rs, "changed_at"),
					changes(rs.getString("changes"))))
			.list();
	}

	private List<FieldChange> changes(String stored) {
		List<FieldChange> changes = new ArrayList<>();
		for (JsonNode change : this.json.readTree(stored)) {
			changes.add(new FieldChange(change.path("field").stringValue(), change.get("from"), change.get("to")));
		}
		return changes;
	}

}
