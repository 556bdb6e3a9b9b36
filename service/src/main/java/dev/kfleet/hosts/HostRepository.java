package dev.kfleet.hosts;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code host} table, which only this module writes and reads (the read side,
 * {@code reports}, selects it too, with {@link HostRows}).
 */
@Repository
class HostRepository {

	private static final String FROM = " FROM host h";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final HostRows rows;

	HostRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
		this.rows = new HostRows(json);
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
		return this.jdbc.sql("SELECT " + HostRows.COLUMNS + FROM + " WHERE h.id = ?")
			.param(id)
			.query(this.rows)
			.optional();
	}

	Optional<Host> findByMachineId(String machineId) {
		return this.jdbc.sql("SELECT " + HostRows.COLUMNS + FROM + " WHERE h.machine_id = ?")
			.param(machineId)
			.query(this.rows)
			.optional();
	}

	/**
	 * The host of a machine, its row locked until the transaction ends: enrollments of
	 * one machine are decided one at a time.
	 */
	Optional<Host> lockByMachineId(String machineId) {
		return this.jdbc.sql("SELECT " + HostRows.COLUMNS + FROM + " WHERE h.machine_id = ? FOR UPDATE OF h")
			.param(machineId)
			.query(this.rows)
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

	private String labelsJson(Map<String, String> labels) {
		return this.json.writeValueAsString(labels);
	}

}
