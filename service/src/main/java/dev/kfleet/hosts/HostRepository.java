package dev.kfleet.hosts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.instant;
import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code host} table.
 */
@Repository
class HostRepository {

	private static final String COLUMNS = "h.id, h.machine_id, h.hostname, h.kernel_release, h.labels::text AS labels, h.created_at, h.updated_at, a.last_seen_at, h.decommissioned_at, h.version";

	private static final String FROM = " FROM host h LEFT JOIN host_agent a ON a.host_id = h.id";

	private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	HostRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Inserts a host unless its machine id is taken; true when it was inserted. */
	boolean insertIfAbsent(Host host) {
		return this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, kernel_release, labels, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, 0)
				ON CONFLICT (machine_id) DO NOTHING""")
			.params(host.id(), host.machineId(), host.hostname(), host.kernelRelease(), labelsJson(host.labels()),
					timestamp(host.createdAt()), timestamp(host.updatedAt()))
			.update() == 1;
	}

	/**
	 * Stores a changed host if nobody changed it since it was read; true when it was
	 * stored.
	 */
	boolean update(Host host) {
		return this.jdbc.sql("""
				UPDATE host SET hostname = ?, kernel_release = ?, labels = CAST(? AS jsonb), updated_at = ?,
				    decommissioned_at = ?, version = version + 1
				WHERE id = ? AND version = ?""")
			.params(host.hostname(), host.kernelRelease(), labelsJson(host.labels()), timestamp(host.updatedAt()),
					timestamp(host.decommissionedAt()), host.id(), host.version())
			.update() == 1;
	}

	Optional<Host> findById(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE h.id = ?").param(id).query(this::map).optional();
	}

	Optional<Host> findByMachineId(String machineId) {
		return this.jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE h.machine_id = ?")
			.param(machineId)
			.query(this::map)
			.optional();
	}

	/**
	 * The host of a machine, its row locked until the transaction ends: enrollments of
	 * one machine are decided one at a time.
	 */
	Optional<Host> lockByMachineId(String machineId) {
		return this.jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE h.machine_id = ? FOR UPDATE OF h")
			.param(machineId)
			.query(this::map)
			.optional();
	}

	/** Whether each of these hosts is decommissioned; ids of no host are absent. */
	Map<UUID, Boolean> decommissioned(Collection<UUID> ids) {
		Map<UUID, Boolean> decommissioned = new java.util.HashMap<>();
		this.jdbc.sql("SELECT id, decommissioned_at IS NOT NULL AS decommissioned FROM host WHERE id = ANY(?)")
			.param(new SqlArrayValue("uuid", ids.toArray()))
			.query((rs) -> {
				decommissioned.put(rs.getObject("id", UUID.class), rs.getBoolean("decommissioned"));
			});
		return decommissioned;
	}

	/** The kernel release each of these hosts reported last. */
	Map<UUID, @Nullable String> kernelReleases(Collection<UUID> ids) {
		Map<UUID, @Nullable String> releases = new java.util.HashMap<>();
		if (!ids.isEmpty()) {
			this.jdbc.sql("SELECT id, kernel_release FROM host WHERE id IN (:ids)").param("ids", ids).query((rs) -> {
				releases.put(rs.getObject("id", UUID.class), rs.getString("kernel_release"));
			});
		}
		return releases;
	}

	/** Up to {@code limit} hosts that match, after {@code after} in id order. */
	List<Host> search(HostFilter filter, @Nullable UUID after, int limit) {
		HostConditions where = HostConditions.of(filter, after);
		return this.jdbc
			.sql("SELECT " + COLUMNS + FROM + " LEFT JOIN host_state s ON s.host_id = h.id WHERE " + where.sql()
					+ " ORDER BY h.id LIMIT :limit")
			.params(where.parameters())
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	private String labelsJson(Map<String, String> labels) {
		return this.json.writeValueAsString(labels);
	}

	private Host map(ResultSet rs, int row) throws SQLException {
		SortedMap<String, String> labels = new TreeMap<>(this.json.readValue(rs.getString("labels"), LABELS));
		return new Host(rs.getObject("id", UUID.class), rs.getString("machine_id"), rs.getString("hostname"),
				rs.getString("kernel_release"), labels, requiredInstant(rs, "created_at"),
				requiredInstant(rs, "updated_at"), instant(rs, "last_seen_at"), instant(rs, "decommissioned_at"),
				rs.getLong("version"));
	}

}
