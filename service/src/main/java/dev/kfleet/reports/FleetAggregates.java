package dev.kfleet.reports;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.kfleet.observations.ObservationService;

/**
 * Computes the fleet's aggregates from the inventory and the observed state: a few
 * grouped queries over every active host. It reads the tables of the hosts and
 * observations modules and never writes them (ADR 0002).
 */
@Component
class FleetAggregates {

	private final JdbcClient jdbc;

	private final ObservationService observations;

	FleetAggregates(JdbcClient jdbc, ObservationService observations) {
		this.jdbc = jdbc;
		this.observations = observations;
	}

	FleetSnapshot compute(Instant now) {
		return new FleetSnapshot(now, hostsByHvo(), hvoBytes(), hugetlbBytes(), vduseDevices(), staleHosts());
	}

	private Map<String, Long> hostsByHvo() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String state : List.of("on", "off", "unsupported", "unknown")) {
			counts.put(state, 0L);
		}
		this.jdbc.sql("""
				SELECT COALESCE(s.hvo, 'unknown') AS hvo, count(*) AS hosts
				FROM host h LEFT JOIN host_state s ON s.host_id = h.id
				WHERE h.decommissioned_at IS NULL GROUP BY 1""").query((rs) -> {
			counts.put(rs.getString("hvo"), rs.getLong("hosts"));
		});
		return counts;
	}

	private Map<String, Long> hvoBytes() {
		return this.jdbc.sql("""
				SELECT COALESCE(sum(s.hvo_reclaimed_bytes), 0) AS reclaimed,
				       COALESCE(sum(s.hvo_reclaimable_bytes), 0) AS reclaimable,
				       COALESCE(sum(s.hvo_additional_bytes), 0) AS additional
				FROM host h JOIN host_state s ON s.host_id = h.id WHERE h.decommissioned_at IS NULL""")
			.query((rs, row) -> {
				Map<String, Long> bytes = new LinkedHashMap<>();
				bytes.put("reclaimed", rs.getLong("reclaimed"));
				bytes.put("reclaimable", rs.getLong("reclaimable"));
				bytes.put("additional", rs.getLong("additional"));
				return bytes;
			})
			.single();
	}

	private Map<Long, Long> hugetlbBytes() {
		Map<Long, Long> bytes = new TreeMap<>();
		this.jdbc.sql("""
				SELECT p.page_size_bytes, COALESCE(sum(p.total * p.page_size_bytes), 0) AS bytes
				FROM host h JOIN host_hugetlb_pool p ON p.host_id = h.id
				WHERE h.decommissioned_at IS NULL GROUP BY 1""").query((rs) -> {
			bytes.put(rs.getLong("page_size_bytes"), rs.getLong("bytes"));
		});
		return bytes;
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

	private long staleHosts() {
		return this.jdbc.sql("""
				SELECT count(*) FROM host h JOIN host_agent a ON a.host_id = h.id
				WHERE h.decommissioned_at IS NULL AND a.last_seen_at < ?""")
			.param(Timestamp.from(this.observations.staleBefore()))
			.query(Long.class)
			.single();
	}

}
