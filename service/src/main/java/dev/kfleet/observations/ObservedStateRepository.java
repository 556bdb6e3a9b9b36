package dev.kfleet.observations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The tables of what the latest reports say: {@code host_state},
 * {@code host_hugetlb_pool}, {@code host_vduse_device} and {@code host_report}.
 */
@Repository
class ObservedStateRepository {

	private static final String STATE_COLUMNS = "host_id, reported_at, hvo, hvo_supported, hvo_switch_on, hvo_reclaimed_bytes, hvo_reclaimable_bytes, hvo_additional_bytes, vduse_supported, vduse_device_count, hvo_switch_persisted, vduse_modules_loaded, installed_memory_bytes, numa_nodes, hvo_blocking_reasons, vduse_support_reason, vduse_module_states";

	private static final String DEVICE_COLUMNS = "name, attached, driver, type, queue_count, health, health_reason, backend_pid, backend_command, consumer, backend_gone, consumer_kind";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	ObservedStateRepository(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	Map<UUID, ObservedState> findAll(Collection<UUID> hostIds) {
		if (hostIds.isEmpty()) {
			return Map.of();
		}
		Map<UUID, List<ObservedState.Pool>> pools = new HashMap<>();
		this.jdbc.sql(
				"SELECT host_id, page_size_bytes, total, free FROM host_hugetlb_pool WHERE host_id IN (:ids) ORDER BY page_size_bytes")
			.param("ids", hostIds)
			.query((rs) -> {
				pools.computeIfAbsent(rs.getObject("host_id", UUID.class), (id) -> new ArrayList<>())
					.add(new ObservedState.Pool(rs.getLong("page_size_bytes"), longOrNull(rs, "total"),
							longOrNull(rs, "free")));
			});
		Map<UUID, ObservedState> states = new HashMap<>();
		this.jdbc.sql("SELECT " + STATE_COLUMNS + " FROM host_state WHERE host_id IN (:ids)")
			.param("ids", hostIds)
			.query((rs) -> {
				UUID id = rs.getObject("host_id", UUID.class);
				states.put(id, mapState(rs, pools.getOrDefault(id, List.of())));
			});
		return states;
	}

	/** Stores the observed state of several hosts in one batch. */
	void saveAll(Map<UUID, ObservedState> states) {
		List<Object[]> rows = states.entrySet().stream().map((entry) -> {
			ObservedState state = entry.getValue();
			return new Object[] { entry.getKey(), timestamp(state.reportedAt()), state.hvo(), state.hvoSupported(),
					state.hvoSwitchOn(), state.hvoReclaimedBytes(), state.hvoReclaimableBytes(),
					state.hvoAdditionalBytes(), state.vduseSupported(), state.vduseDeviceCount(),
					state.hvoSwitchPersisted(), state.vduseModulesLoaded(), state.facts().installedMemoryBytes(),
					state.facts().numaNodes(), state.facts().hvoBlockingReasons().toArray(String[]::new),
					state.facts().vduseSupportReason(), state.facts().vduseModuleStates().toArray(String[]::new) };
		}).toList();
		this.template.batchUpdate("INSERT INTO host_state (" + STATE_COLUMNS
				+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
				+ "ON CONFLICT (host_id) DO UPDATE SET reported_at = EXCLUDED.reported_at, hvo = EXCLUDED.hvo, "
				+ "hvo_supported = EXCLUDED.hvo_supported, hvo_switch_on = EXCLUDED.hvo_switch_on, "
				+ "hvo_reclaimed_bytes = EXCLUDED.hvo_reclaimed_bytes, hvo_reclaimable_bytes = EXCLUDED.hvo_reclaimable_bytes, "
				+ "hvo_additional_bytes = EXCLUDED.hvo_additional_bytes, vduse_supported = EXCLUDED.vduse_supported, "
				+ "vduse_device_count = EXCLUDED.vduse_device_count, hvo_switch_persisted = EXCLUDED.hvo_switch_persisted, "
				+ "vduse_modules_loaded = EXCLUDED.vduse_modules_loaded, installed_memory_bytes = EXCLUDED.installed_memory_bytes, "
				+ "numa_nodes = EXCLUDED.numa_nodes, hvo_blocking_reasons = EXCLUDED.hvo_blocking_reasons, "
				+ "vduse_support_reason = EXCLUDED.vduse_support_reason, vduse_module_states = EXCLUDED.vduse_module_states",
				rows);
	}

	/**
	 * Stores the HugeTLB pools of several hosts that changed: the pools in
	 * {@code changed} (new, or with other counts) are written, in place where they exist
	 * (HOT updates, no bloat); for the hosts in {@code shrunk}, which no longer report
	 * some page size, the pools of the sizes not in their list are deleted.
	 */
	void savePools(Map<UUID, List<ObservedState.Pool>> changed, Map<UUID, List<ObservedState.Pool>> shrunk) {
		if (!shrunk.isEmpty()) {
			List<Object[]> kept = new ArrayList<>();
			shrunk.forEach(
					(hostId, list) -> list.forEach((pool) -> kept.add(new Object[] { hostId, pool.pageSizeBytes() })));
			this.jdbc
				.sql("DELETE FROM host_hugetlb_pool WHERE host_id IN (:ids)"
						+ (kept.isEmpty() ? "" : " AND (host_id, page_size_bytes) NOT IN (:kept)"))
				.param("ids", shrunk.keySet())
				.param("kept", kept)
				.update();
		}
		List<Object[]> rows = new ArrayList<>();
		changed.forEach((hostId, list) -> list
			.forEach((pool) -> rows.add(new Object[] { hostId, pool.pageSizeBytes(), pool.total(), pool.free() })));
		if (rows.isEmpty()) {
			return;
		}
		this.template.batchUpdate("""
				INSERT INTO host_hugetlb_pool (host_id, page_size_bytes, total, free) VALUES (?, ?, ?, ?)
				ON CONFLICT (host_id, page_size_bytes) DO UPDATE SET total = EXCLUDED.total, free = EXCLUDED.free""",
				rows);
	}

	/** The VDUSE devices of several hosts, by name. */
	Map<UUID, List<VduseDeviceState>> devicesOf(Collection<UUID> hostIds) {
		Map<UUID, List<VduseDeviceState>> devices = new HashMap<>();
		if (hostIds.isEmpty()) {
			return devices;
		}
		this.jdbc
			.sql("SELECT host_id, " + DEVICE_COLUMNS + " FROM host_vduse_device WHERE host_id IN (:ids) ORDER BY name")
			.param("ids", hostIds)
			.query((rs) -> {
				devices.computeIfAbsent(rs.getObject("host_id", UUID.class), (id) -> new ArrayList<>())
					.add(mapDevice(rs, 0));
			});
		return devices;
	}

	/** Up to {@code limit} devices of a host after {@code afterName}, by name. */
	List<ReportedDevice> pageDevices(UUID hostId, @Nullable String afterName, int limit) {
		return this.jdbc
			.sql("SELECT " + DEVICE_COLUMNS + ", reported_at FROM host_vduse_device WHERE host_id = ? "
					+ "AND (CAST(? AS text) IS NULL OR name > ?) ORDER BY name LIMIT ?")
			.params(hostId, afterName, afterName, limit)
			.query((rs, row) -> new ReportedDevice(mapDevice(rs, row), requiredInstant(rs, "reported_at")))
			.list();
	}

	/** Replaces the VDUSE devices of several hosts. */
	void replaceDevices(Map<UUID, List<VduseDeviceState>> devices, Instant reportedAt) {
		if (devices.isEmpty()) {
			return;
		}
		this.jdbc.sql("DELETE FROM host_vduse_device WHERE host_id IN (:ids)").param("ids", devices.keySet()).update();
		List<Object[]> rows = new ArrayList<>();
		devices.forEach((hostId,
				list) -> list.forEach((d) -> rows.add(new Object[] { hostId, d.name(), d.attached(), d.driver(),
						d.type(), d.queueCount(), d.health(), d.healthReason(), d.backendPid(), d.backendCommand(),
						d.consumer(), d.backendGone(), d.consumerKind(), timestamp(reportedAt) })));
		this.template.batchUpdate("INSERT INTO host_vduse_device (host_id, " + DEVICE_COLUMNS
				+ ", reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
	}

	/** Stores the latest report of several hosts. */
	void saveReports(Map<UUID, StoredReport> reports) {
		List<Object[]> rows = reports.entrySet().stream().map((entry) -> {
			StoredReport report = entry.getValue();
			return new Object[] { entry.getKey(), timestamp(report.receivedAt()), report.sequence(),
					report.agentVersion(), report.reportHash(), report.reportJson() };
		}).toList();
		this.template.batchUpdate(
				"""
						INSERT INTO host_report (host_id, received_at, sequence, agent_version, report_hash, report)
						VALUES (?, ?, ?, ?, ?, ?)
						ON CONFLICT (host_id) DO UPDATE SET received_at = EXCLUDED.received_at, sequence = EXCLUDED.sequence,
						    agent_version = EXCLUDED.agent_version, report_hash = EXCLUDED.report_hash, report = EXCLUDED.report""",
				rows);
	}

	Optional<StoredReport> findReport(UUID hostId) {
		return this.jdbc
			.sql("SELECT received_at, sequence, agent_version, report_hash, report FROM host_report WHERE host_id = ?")
			.param(hostId)
			.query((rs, row) -> new StoredReport(requiredInstant(rs, "received_at"), rs.getLong("sequence"),
					rs.getString("agent_version"), rs.getString("report_hash"), rs.getString("report")))
			.optional();
	}

	private static ObservedState mapState(ResultSet rs, List<ObservedState.Pool> pools) throws SQLException {
		return new ObservedState(requiredInstant(rs, "reported_at"), rs.getString("hvo"),
				boolOrNull(rs, "hvo_supported"), boolOrNull(rs, "hvo_switch_on"), longOrNull(rs, "hvo_reclaimed_bytes"),
				longOrNull(rs, "hvo_reclaimable_bytes"), longOrNull(rs, "hvo_additional_bytes"), pools,
				boolOrNull(rs, "vduse_supported"), rs.getInt("vduse_device_count"),
				boolOrNull(rs, "hvo_switch_persisted"), boolOrNull(rs, "vduse_modules_loaded"), facts(rs));
	}

	private static ObservedState.Facts facts(ResultSet rs) throws SQLException {
		return new ObservedState.Facts(longOrNull(rs, "installed_memory_bytes"), intOrNull(rs, "numa_nodes"),
				strings(rs, "hvo_blocking_reasons"), rs.getString("vduse_support_reason"),
				strings(rs, "vduse_module_states"));
	}

	private static List<String> strings(ResultSet rs, String column) throws SQLException {
		java.sql.Array array = rs.getArray(column);
		return (array != null) ? List.of((String[]) array.getArray()) : List.of();
	}

	private static VduseDeviceState mapDevice(ResultSet rs, int row) throws SQLException {
		return new VduseDeviceState(rs.getString("name"), boolOrNull(rs, "attached"), rs.getString("driver"),
				rs.getString("type"), intOrNull(rs, "queue_count"), rs.getString("health"),
				rs.getString("health_reason"), intOrNull(rs, "backend_pid"), rs.getString("backend_command"),
				rs.getString("consumer"), boolOrNull(rs, "backend_gone"), rs.getString("consumer_kind"));
	}

	private static @Nullable Long longOrNull(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Integer intOrNull(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Boolean boolOrNull(ResultSet rs, String column) throws SQLException {
		boolean value = rs.getBoolean(column);
		return rs.wasNull() ? null : value;
	}

	/**
	 * A device with when it was reported.
	 *
	 * @param device the device
	 * @param reportedAt when the report that showed it arrived
	 */
	record ReportedDevice(VduseDeviceState device, Instant reportedAt) {
	}

	/**
	 * A full report as stored.
	 *
	 * @param receivedAt when it arrived
	 * @param sequence the check-in that carried it
	 * @param agentVersion the agent that sent it
	 * @param reportHash its hash
	 * @param reportJson the report
	 */
	record StoredReport(Instant receivedAt, long sequence, String agentVersion, String reportHash, String reportJson) {
	}

}
