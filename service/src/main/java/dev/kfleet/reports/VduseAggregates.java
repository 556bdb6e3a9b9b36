package dev.kfleet.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static dev.kfleet.platform.SqlTypes.requiredInstant;

/**
 * The VDUSE report over a {@link HostScope}: hosts capable of VDUSE or not (with their
 * agents' reasons), the modules, the devices by type, driver, consumer kind and health,
 * and the devices in trouble, read from {@code host_state} and {@code host_vduse_device}
 * (the observations module's) joined to {@code host} (ADR 0002, ADR 0041).
 */
@Component
class VduseAggregates {

	/** The most values a tally lists; the rest are counted together. */
	static final int TALLY_SIZE = 50;

	private final JdbcClient jdbc;

	VduseAggregates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	VduseSummary summary(HostScope scope) {
		return new VduseSummary(hosts(scope), tally(scope, "s.vduse_support_reason",
				"host h JOIN host_state s ON s.host_id = h.id", "s.vduse_supported = false"), modules(scope),
				devices(scope));
	}

	private VduseSummary.Hosts hosts(HostScope scope) {
		Map<String, Object> parameters = HostScope.parameters();
		return this.jdbc.sql("""
				SELECT count(*) AS total, count(*) FILTER (WHERE s.vduse_supported) AS capable,
				       count(*) FILTER (WHERE NOT s.vduse_supported) AS not_capable,
				       count(*) FILTER (WHERE s.vduse_modules_loaded) AS modules_loaded,
				       count(*) FILTER (WHERE NOT s.vduse_modules_loaded) AS modules_not_loaded,
				       count(*) FILTER (WHERE s.vduse_device_count > 0) AS with_devices
				FROM host h LEFT JOIN host_state s ON s.host_id = h.id WHERE """ + " " + scope.where(parameters))
			.params(parameters)
			.query((rs, row) -> new VduseSummary.Hosts(rs.getLong("total"), rs.getLong("capable"),
					rs.getLong("not_capable"), rs.getLong("total") - rs.getLong("capable") - rs.getLong("not_capable"),
					rs.getLong("modules_loaded"), rs.getLong("modules_not_loaded"), rs.getLong("with_devices")))
			.single();
	}

	/** Hosts by module and state (both closed sets in the report's schema). */
	private Map<String, Map<String, Long>> modules(HostScope scope) {
		Map<String, Object> parameters = HostScope.parameters();
		Map<String, Map<String, Long>> modules = new TreeMap<>();
		this.jdbc.sql("""
				SELECT split_part(m, '=', 1) AS module, split_part(m, '=', 2) AS state, count(*) AS hosts
				FROM host h JOIN host_state s ON s.host_id = h.id CROSS JOIN LATERAL unnest(s.vduse_module_states) AS m
				WHERE """ + " " + scope.where(parameters) + " GROUP BY 1, 2").params(parameters).query((rs) -> {
			modules.computeIfAbsent(rs.getString("module"), (m) -> new TreeMap<>())
				.put(rs.getString("state"), rs.getLong("hosts"));
		});
		return modules;
	}

	private VduseSummary.Devices devices(HostScope scope) {
		Map<String, Object> parameters = HostScope.parameters();
		String from = "host h JOIN host_vduse_device d ON d.host_id = h.id";
		long[] counts = this.jdbc
			.sql("SELECT count(*) AS total, count(*) FILTER (WHERE d.backend_gone) AS orphaned, "
					+ "count(*) FILTER (WHERE d.health = 'unhealthy') AS unhealthy FROM " + from + " WHERE "
					+ scope.where(parameters))
			.params(parameters)
			.query((rs, row) -> new long[] { rs.getLong("total"), rs.getLong("orphaned"), rs.getLong("unhealthy") })
			.single();
		return new VduseSummary.Devices(counts[0], counts[1], counts[2],
				tally(scope, "COALESCE(d.type, 'unknown')", from, "TRUE"),
				tally(scope, "COALESCE(d.driver, 'none')", from, "TRUE"),
				tally(scope, "COALESCE(d.consumer_kind, 'unknown')", from, "TRUE"),
				tally(scope, "d.health", from, "TRUE"));
	}

	/**
	 * Rows of {@code from} in the scope where {@code condition} holds, by the value of
	 * {@code value}: the {@value #TALLY_SIZE} most frequent values, the rest counted.
	 */
	private VduseSummary.Tally tally(HostScope scope, String value, String from, String condition) {
		Map<String, Object> parameters = HostScope.parameters();
		List<VduseSummary.ValueCount> values = new ArrayList<>();
		long[] all = { 0 };
		this.jdbc
			.sql("SELECT value, n, sum(n) OVER () AS total FROM (SELECT " + value + " AS value, count(*) AS n FROM "
					+ from + " WHERE " + scope.where(parameters) + " AND " + condition
					+ " GROUP BY 1) t ORDER BY n DESC, value LIMIT " + TALLY_SIZE)
			.params(parameters)
			.query((rs) -> {
				values.add(new VduseSummary.ValueCount(rs.getString("value"), rs.getLong("n")));
				all[0] = rs.getBigDecimal("total").longValueExact();
			});
		long shown = values.stream().mapToLong(VduseSummary.ValueCount::count).sum();
		return new VduseSummary.Tally(values, all[0] - shown);
	}

	/**
	 * Up to {@code limit} devices of the scope that are orphaned or unhealthy (or only
	 * the one {@code problem}), in the order of host id and name, after {@code after}.
	 */
	List<VduseProblemDevice> problemDevices(HostScope scope, @Nullable String problem, @Nullable DeviceKey after,
			int limit) {
		Map<String, Object> parameters = HostScope.parameters();
		String where = scope.where(parameters) + " AND " + switch ((problem != null) ? problem : "") {
			case "orphaned" -> "d.backend_gone";
			case "unhealthy" -> "d.health = 'unhealthy'";
			default -> "(d.backend_gone OR d.health = 'unhealthy')";
		};
		if (after != null) {
			where += " AND (d.host_id, d.name) > (:afterHost, :afterName)";
			parameters.put("afterHost", after.hostId());
			parameters.put("afterName", after.name());
		}
		parameters.put("limit", limit);
		return this.jdbc.sql("""
				SELECT d.host_id, h.hostname, d.name, d.type, d.driver, d.consumer_kind, d.health, d.health_reason,
				       COALESCE(d.backend_gone, false) AS orphaned, d.reported_at
				FROM host h JOIN host_vduse_device d ON d.host_id = h.id
				WHERE """ + " " + where + " ORDER BY d.host_id, d.name LIMIT :limit")
			.params(parameters)
			.query((rs, row) -> new VduseProblemDevice(rs.getObject("host_id", UUID.class), rs.getString("hostname"),
					rs.getString("name"), rs.getString("type"), rs.getString("driver"), rs.getString("consumer_kind"),
					rs.getString("health"), rs.getString("health_reason"), rs.getBoolean("orphaned"),
					requiredInstant(rs, "reported_at")))
			.list();
	}

	/**
	 * Where a page of devices ends.
	 *
	 * @param hostId the host
	 * @param name the device's name
	 */
	record DeviceKey(UUID hostId, String name) {

		/** The cursor's key: the host id (36 characters), then the name. */
		String encoded() {
			return this.hostId + this.name;
		}

		static DeviceKey decode(String key) {
			if (key.length() <= 36) {
				throw new IllegalArgumentException("no device name");
			}
			return new DeviceKey(UUID.fromString(key.substring(0, 36)), key.substring(36));
		}

	}

	/**
	 * A VDUSE device in trouble, with its host.
	 *
	 * @param hostId the host
	 * @param hostname its name
	 * @param name the device
	 * @param type its virtio type
	 * @param driver the bound vDPA driver
	 * @param consumerKind what consumes it
	 * @param health the agent's verdict
	 * @param healthReason why
	 * @param orphaned its back-end process is gone
	 * @param reportedAt when the report that showed it arrived
	 */
	record VduseProblemDevice(UUID hostId, String hostname, String name, @Nullable String type, @Nullable String driver,
			@Nullable String consumerKind, String health, String healthReason, boolean orphaned, Instant reportedAt) {
	}

}
