package dev.kfleet.reports;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.kfleet.observations.ObservationService;

/**
 * Computes the fleet's aggregates from the inventory and the observed state: a few
 * grouped queries over every active host. It reads the tables of the hosts and
 * observations modules and never writes them (ADR 0002). Memory is grouped by the values
 * of one label key ({@code kfleet.reports.metrics-group-label}) and hosts by kernel
 * series, each bounded to the largest {@code kfleet.reports.metrics-max-groups} values
 * (ADR 0044).
 */
@Component
class FleetAggregates {

	static final List<String> HVO_STATES = List.of("on", "off", "unsupported", "unknown");

	static final List<String> VDUSE_TYPES = List.of("block", "net");

	static final List<String> BYTE_KINDS = List.of("reclaimed", "reclaimable", "additional");

	/**
	 * Each active host's group: its value of the label key, {@code none} without it,
	 * {@code other} past the largest groups, {@code all} when no key is set.
	 */
	private static final String GROUPED = """
			WITH active AS (
			    SELECT h.id, CASE WHEN CAST(:key AS text) IS NULL THEN 'all'
			                      ELSE COALESCE(h.labels ->> CAST(:key AS text), 'none') END AS label
			    FROM host h WHERE h.decommissioned_at IS NULL),
			kept AS (
			    SELECT label FROM active WHERE label <> 'none' GROUP BY label ORDER BY count(*) DESC, label LIMIT :max),
			grouped AS (
			    SELECT a.id, CASE WHEN a.label = 'none' OR a.label IN (SELECT label FROM kept) THEN a.label
			                      ELSE 'other' END AS grp
			    FROM active a)
			""";

	private final JdbcClient jdbc;

	private final ObservationService observations;

	private final ReportsProperties properties;

	FleetAggregates(JdbcClient jdbc, ObservationService observations, ReportsProperties properties) {
		this.jdbc = jdbc;
		this.observations = observations;
		this.properties = properties;
	}

	FleetSnapshot compute(Instant now) {
		List<FleetSnapshot.KernelHosts> byKernel = hostsByKernel();
		Map<String, Long> installed = new LinkedHashMap<>();
		List<FleetSnapshot.GroupBytes> hvo = hvoBytes(installed);
		return new FleetSnapshot(now, hostsByHvo(byKernel), byKernel, hvo, installed, hugetlbBytes(), vduseDevices(),
				orphanedDevices(), staleHosts());
	}

	private static Map<String, Long> hostsByHvo(List<FleetSnapshot.KernelHosts> byKernel) {
		Map<String, Long> counts = new LinkedHashMap<>();
		HVO_STATES.forEach((state) -> counts.put(state, 0L));
		byKernel.forEach((hosts) -> counts.merge(hosts.hvo(), hosts.hosts(), Long::sum));
		return counts;
	}

	private List<FleetSnapshot.KernelHosts> hostsByKernel() {
		return this.jdbc.sql("""
				WITH active AS (
				    SELECT COALESCE(substring(h.kernel_release from '^[0-9]+\\.[0-9]+'), 'unknown') AS kernel,
				           COALESCE(s.hvo, 'unknown') AS hvo
				    FROM host h LEFT JOIN host_state s ON s.host_id = h.id WHERE h.decommissioned_at IS NULL),
				kept AS (
				    SELECT kernel FROM active WHERE kernel <> 'unknown'
				    GROUP BY kernel ORDER BY count(*) DESC, kernel LIMIT :max)
				SELECT CASE WHEN kernel = 'unknown' OR kernel IN (SELECT kernel FROM kept) THEN kernel
				            ELSE 'other' END AS kernel, hvo, count(*) AS hosts
				FROM active GROUP BY 1, 2 ORDER BY 1, 2""")
			.param("max", this.properties.metricsMaxGroups())
			.query((rs, row) -> new FleetSnapshot.KernelHosts(rs.getString("kernel"), rs.getString("hvo"),
					rs.getLong("hosts")))
			.list();
	}

	/**
	 * The vmemmap bytes by group, and into {@code installed} the installed memory by
	 * group (one query).
	 */
	private List<FleetSnapshot.GroupBytes> hvoBytes(Map<String, Long> installed) {
		List<FleetSnapshot.GroupBytes> bytes = new ArrayList<>();
		grouped("""
				SELECT g.grp, COALESCE(sum(s.hvo_reclaimed_bytes), 0) AS reclaimed,
				       COALESCE(sum(s.hvo_reclaimable_bytes), 0) AS reclaimable,
				       COALESCE(sum(s.hvo_additional_bytes), 0) AS additional,
				       COALESCE(sum(s.installed_memory_bytes), 0) AS installed
				FROM grouped g LEFT JOIN host_state s ON s.host_id = g.id GROUP BY 1 ORDER BY 1""").query((rs) -> {
			for (String kind : BYTE_KINDS) {
				bytes.add(new FleetSnapshot.GroupBytes(rs.getString("grp"), kind, rs.getLong(kind)));
			}
			installed.put(rs.getString("grp"), rs.getLong("installed"));
		});
		if (bytes.isEmpty()) {
			// No host yet: the fleet's totals are zero, not absent.
			String group = (groupLabel() != null) ? "none" : "all";
			BYTE_KINDS.forEach((kind) -> bytes.add(new FleetSnapshot.GroupBytes(group, kind, 0)));
			installed.put(group, 0L);
		}
		return bytes;
	}

	private List<FleetSnapshot.PageBytes> hugetlbBytes() {
		return grouped("""
				SELECT g.grp, p.page_size_bytes, COALESCE(sum(p.total * p.page_size_bytes), 0) AS bytes
				FROM grouped g JOIN host_hugetlb_pool p ON p.host_id = g.id GROUP BY 1, 2 ORDER BY 1, 2""")
			.query((rs, row) -> new FleetSnapshot.PageBytes(rs.getString("grp"), rs.getLong("page_size_bytes"),
					rs.getLong("bytes")))
			.list();
	}

	private JdbcClient.StatementSpec grouped(String select) {
		return this.jdbc.sql(GROUPED + select)
			.param("key", groupLabel(), java.sql.Types.VARCHAR)
			.param("max", this.properties.metricsMaxGroups());
	}

	private @Nullable String groupLabel() {
		String key = this.properties.metricsGroupLabel();
		return (key == null || key.isBlank()) ? null : key;
	}

	private List<FleetSnapshot.Devices> vduseDevices() {
		return this.jdbc.sql("""
				SELECT COALESCE(d.driver, 'none') AS driver, COALESCE(d.type, 'unknown') AS type, d.health,
				       count(*) AS devices
				FROM host h JOIN host_vduse_device d ON d.host_id = h.id
				WHERE h.decommissioned_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""")
			.query((rs, row) -> new FleetSnapshot.Devices(rs.getString("driver"), rs.getString("type"),
					rs.getString("health"), rs.getLong("devices")))
			.list();
	}

	/**
	 * VDUSE devices whose back end is gone (the agent found no process holding the device
	 * open), by type: {@code block} and {@code net} always, at zero when none.
	 */
	private Map<String, Long> orphanedDevices() {
		Map<String, Long> counts = new LinkedHashMap<>();
		VDUSE_TYPES.forEach((type) -> counts.put(type, 0L));
		this.jdbc.sql("""
				SELECT COALESCE(d.type, 'unknown') AS type, count(*) AS devices
				FROM host h JOIN host_vduse_device d ON d.host_id = h.id
				WHERE h.decommissioned_at IS NULL AND d.backend_gone GROUP BY 1 ORDER BY 1""").query((rs) -> {
			counts.put(rs.getString("type"), rs.getLong("devices"));
		});
		return counts;
	}

	private long staleHosts() {
		return this.jdbc.sql("""
				SELECT count(*) FROM host h JOIN host_agent a ON a.host_id = h.id
				WHERE h.decommissioned_at IS NULL AND a.last_seen_at < ?""")
			.param(Timestamp.from(this.observations.staleBefore()))
			.query(Long.class)
			.single();
	}

}
