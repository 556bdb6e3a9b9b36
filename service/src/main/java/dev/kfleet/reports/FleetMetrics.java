package dev.kfleet.reports;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.kfleet.platform.DatabaseFailures;

/**
 * The fleet for Grafana: hosts by HVO state, memory HVO gave back and could still give
 * back, HugeTLB memory by page size, stale agents and VDUSE devices by driver, type and
 * health. Each replica reads the one snapshot the fleet job stored
 * ({@link FleetSnapshotJob}) every {@code kfleet.reports.gauge-refresh-interval}, so
 * every replica serves the same values and dashboards may take any of them (ADR 0031).
 * {@code kfleet.fleet.snapshot.age} says how old they are. Tags have a handful of values
 * each; never a host id.
 */
@Component
class FleetMetrics {

	private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);

	private final FleetSnapshotRepository snapshots;

	private final Clock clock;

	private final AtomicReference<Optional<FleetSnapshot>> shown = new AtomicReference<>(Optional.empty());

	private final MultiGauge hosts;

	private final MultiGauge hvoBytes;

	private final MultiGauge hugetlbBytes;

	private final MultiGauge vduseDevices;

	private final MultiGauge stale;

	FleetMetrics(FleetSnapshotRepository snapshots, Clock clock, MeterRegistry meters) {
		this.snapshots = snapshots;
		this.clock = clock;
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
		Gauge.builder("kfleet.fleet.snapshot.age", this, FleetMetrics::ageSeconds)
			.description("Seconds since the fleet's aggregates shown here were computed (NaN before the first)")
			.baseUnit("seconds")
			.register(meters);
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${kfleet.reports.gauge-refresh-interval:5s}")
	void refresh() {
		try {
			this.snapshots.find().ifPresent(this::show);
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the fleet's aggregates: {}", DatabaseFailures.describe(ex));
		}
	}

	private void show(FleetSnapshot snapshot) {
		this.hosts.register(snapshot.hostsByHvo()
			.entrySet()
			.stream().<MultiGauge
					.Row<?>>map((e) -> MultiGauge.Row.of(Tags.of("hvo", e.getKey()), e.getValue()))
			.toList(), true);
		this.hvoBytes.register(snapshot.hvoBytes()
			.entrySet()
			.stream().<MultiGauge
					.Row<?>>map((e) -> MultiGauge.Row.of(Tags.of("kind", e.getKey()), e.getValue()))
			.toList(), true);
		this.hugetlbBytes.register(snapshot.hugetlbBytes()
			.entrySet()
			.stream().<MultiGauge
					.Row<?>>map((e) -> MultiGauge.Row.of(Tags.of("page_size", Long.toString(e.getKey())), e.getValue()))
			.toList(), true);
		this.vduseDevices.register(snapshot.vduseDevices()
			.stream().<MultiGauge
					.Row<?>>map(
							(d) -> MultiGauge.Row
								.of(Tags.of("driver", d.driver(), "type", d.type(), "health", d.health()), d.devices()))
			.toList(), true);
		this.stale.register(List.of(MultiGauge.Row.of(Tags.empty(), snapshot.staleHosts())), true);
		this.shown.set(Optional.of(snapshot));
	}

	private double ageSeconds() {
		return this.shown.get()
			.map((snapshot) -> Duration.between(snapshot.computedAt(), this.clock.instant()).toMillis() / 1000.0)
			.orElse(Double.NaN);
	}

}
