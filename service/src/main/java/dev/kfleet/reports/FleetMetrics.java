package dev.kfleet.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.kfleet.observations.ObservationService;

/**
 * The fleet for Grafana: hosts by HVO state, memory HVO gave back and could still give
 * back, HugeTLB memory by page size, stale agents and VDUSE devices by driver, type and
 * health. Recomputed from the database every {@code kfleet.hosts.fleet-metrics-interval}
 * (default 30 s); every replica reports the same fleet, so dashboards take the max over
 * replicas, not the sum. Tags have a handful of values each; never a host id. It reads
 * the tables of the hosts and observations modules, never writes them (ADR 0002).
 */
@Component
class FleetMetrics {

	private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);

	private final JdbcClient jdbc;

	private final ObservationService observations;

	private final MultiGauge hosts;

	private final MultiGauge hvoBytes;

	private final MultiGauge hugetlbBytes;

	private final MultiGauge vduseDevices;

	private final MultiGauge stale;

	FleetMetrics(JdbcClient jdbc, ObservationService observations, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.observations = observations;
		this.hosts = MultiGauge.builder("kfleet.fleet.hosts").description("Active hosts by HVO state").register(meters);
		this.hvoBytes = MultiGauge.builder("kfleet.fleet.hvo.bytes")
			.description("Vmemmap bytes HVO reclaimed, could reclaim, and could still reclaim, over the fleet")
			.baseUnit("bytes")
			.register(meters);
		this.hugetlbBytes = MultiGauge.builder("kfleet.fleet.hugetlb.bytes")
			.description("HugeTLB pool memory over the fleet, by page size")
			.baseUnit("bytes")
			.register(meters);
		this.vduseDevices = MultiGauge.builder("kfleet.fleet.vduse.devices")
			.description("VDUSE devices by driver, type and health")
			.register(meters);
		this.stale = MultiGauge.builder("kfleet.fleet.hosts.stale")
			.description("Active hosts whose agent stopped checking in")
			.register(meters);
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${kfleet.hosts.fleet-metrics-interval:30s}")
	void refresh() {
		try {
			this.hosts.register(hostsByHvo(), true);
			this.hvoBytes.register(hvoBytes(), true);
			this.hugetlbBytes.register(hugetlbBytes(), true);
			this.vduseDevices.register(vduseDevices(), true);
			this.stale.register(List.of(MultiGauge.Row.of(Tags.empty(), staleHosts())), true);
		}
		catch (RuntimeException ex) {
			log.warn("Could not compute the fleet metrics: {}", ex.getMessage());
		}
	}

	private List<MultiGauge.Row<?>> hostsByHvo() {
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
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		counts.forEach((state, count) -> rows.add(MultiGauge.Row.of(Tags.of("hvo", state), count)));
		return rows;
	}

	private List<MultiGauge.Row<?>> hvoBytes() {
		return this.jdbc.sql("""
				SELECT COALESCE(sum(s.hvo_reclaimed_bytes), 0) AS reclaimed,
				       COALESCE(sum(s.hvo_reclaimable_bytes), 0) AS reclaimable,
				       COALESCE(sum(s.hvo_additional_bytes), 0) AS additional
				FROM host h JOIN host_state s ON s.host_id = h.id WHERE h.decommissioned_at IS NULL""")
			.query((rs, row) -> List.<MultiGauge.Row<?>>of(
					MultiGauge.Row.of(Tags.of("kind", "reclaimed"), rs.getLong("reclaimed")),
					MultiGauge.Row.of(Tags.of("kind", "reclaimable"), rs.getLong("reclaimable")),
					MultiGauge.Row.of(Tags.of("kind", "additional"), rs.getLong("additional"))))
			.single();
	}

	private List<MultiGauge.Row<?>> hugetlbBytes() {
		return this.jdbc.sql("""
				SELECT p.page_size_bytes, COALESCE(sum(p.total * p.page_size_bytes), 0) AS bytes
				FROM host h JOIN host_hugetlb_pool p ON p.host_id = h.id
				WHERE h.decommissioned_at IS NULL GROUP BY 1""")
			.query((rs, row) -> MultiGauge.Row.of(Tags.of("page_size", Long.toString(rs.getLong("page_size_bytes"))),
					rs.getLong("bytes")))
			.list()
			.stream().<MultiGauge.Row<?>>map((row) -> row).toList();
	}

	private List<MultiGauge.Row<?>> vduseDevices() {
		return this.jdbc.sql("""
				SELECT COALESCE(d.driver, 'none') AS driver, COALESCE(d.type, 'unknown') AS type, d.health,
				       count(*) AS devices
				FROM host h JOIN host_vduse_device d ON d.host_id = h.id
				WHERE h.decommissioned_at IS NULL GROUP BY 1, 2, 3""")
			.query((rs,
					row) -> MultiGauge.Row.of(Tags.of("driver", rs.getString("driver"), "type", rs.getString("type"),
							"health", rs.getString("health")), rs.getLong("devices")))
			.list()
			.stream().<MultiGauge.Row<?>>map((row) -> row).toList();
	}

	private long staleHosts() {
		return this.jdbc.sql("""
				SELECT count(*) FROM host h JOIN host_agent a ON a.host_id = h.id
				WHERE h.decommissioned_at IS NULL AND a.last_seen_at < ?""")
			.param(java.sql.Timestamp.from(this.observations.staleBefore()))
			.query(Long.class)
			.single();
	}

}
