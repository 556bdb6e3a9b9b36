package dev.kfleet.reports;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.kfleet.platform.DatabaseFailures;
import dev.kfleet.platform.FleetSnapshots;

/**
 * The fleet for Grafana: hosts by HVO state (and by kernel series), memory HVO gave back
 * and could still give back and HugeTLB memory by page size (by host group), stale agents
 * and VDUSE devices by driver, type and health. Each replica reads the one snapshot the
 * fleet job stored ({@link FleetSnapshotJob}) every
 * {@code kfleet.reports.gauge-refresh-interval}, so every replica serves the same values
 * and dashboards may take any of them (ADR 0031). {@code kfleet.fleet.snapshot.age} says
 * how old they are. Tags have a bounded handful of values each; never a host id (ADR
 * 0044).
 */
@Component
class FleetMetrics {

	private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);

	private final FleetSnapshots snapshots;

	private final Clock clock;

	private final AtomicReference<Optional<FleetSnapshot>> shown = new AtomicReference<>(Optional.empty());

	private final MultiGauge hosts;

	private final MultiGauge hostsByKernel;

	private final MultiGauge hvoBytes;

	private final MultiGauge installedBytes;

	private final MultiGauge hugetlbBytes;

	private final MultiGauge vduseDevices;

	private final MultiGauge orphanedDevices;

	private final MultiGauge stale;

	FleetMetrics(FleetSnapshots snapshots, Clock clock, MeterRegistry meters) {
		this.snapshots = snapshots;
		this.clock = clock;
		this.hosts = MultiGauge.builder("kfleet.fleet.hosts").description("Active hosts by HVO state").register(meters);
		this.hostsByKernel = MultiGauge.builder("kfleet.fleet.hosts.by-kernel")
			.description("Active hosts by kernel release series (major.minor) and HVO state")
			.register(meters);
		this.hvoBytes = MultiGauge.builder("kfleet.fleet.hvo.bytes")
			.description("Vmemmap bytes HVO reclaimed, could reclaim, and could still reclaim, by host group")
			.baseUnit("bytes")
			.register(meters);
		this.installedBytes = MultiGauge.builder("kfleet.fleet.memory.installed")
			.description("Memory the hosts' kernels hold (their memory blocks), by host group")
			.baseUnit("bytes")
			.register(meters);
		this.hugetlbBytes = MultiGauge.builder("kfleet.fleet.hugetlb.bytes")
			.description("HugeTLB pool memory by host group and page size")
			.baseUnit("bytes")
			.register(meters);
		this.vduseDevices = MultiGauge.builder("kfleet.fleet.vduse.devices")
			.description("VDUSE devices by driver, type and health")
			.register(meters);
		this.orphanedDevices = MultiGauge.builder("kfleet.fleet.vduse.orphaned-devices")
			.description("VDUSE devices whose back-end process is gone (no process holds the device open), by type")
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
			this.snapshots.find(FleetSnapshot.NAME, FleetSnapshot.class)
				.filter(FleetSnapshot::complete)
				.ifPresent(this::show);
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the fleet's aggregates: {}", DatabaseFailures.describe(ex));
		}
	}

	private void show(FleetSnapshot snapshot) {
		this.hosts.register(
				rows(snapshot.hostsByHvo().entrySet(), (e) -> Tags.of("hvo", e.getKey()), Map.Entry::getValue), true);
		this.hostsByKernel.register(rows(snapshot.hostsByKernel(), (h) -> Tags.of("kernel", h.kernel(), "hvo", h.hvo()),
				FleetSnapshot.KernelHosts::hosts), true);
		this.hvoBytes.register(rows(snapshot.hvoBytes(), (b) -> Tags.of("group", b.group(), "kind", b.kind()),
				FleetSnapshot.GroupBytes::bytes), true);
		this.installedBytes.register(
				rows(snapshot.installedBytes().entrySet(), (e) -> Tags.of("group", e.getKey()), Map.Entry::getValue),
				true);
		this.hugetlbBytes.register(rows(snapshot.hugetlbBytes(),
				(b) -> Tags.of("group", b.group(), "page_size", PageSizes.label(b.pageSizeBytes())),
				FleetSnapshot.PageBytes::bytes), true);
		this.vduseDevices.register(rows(snapshot.vduseDevices(),
				(d) -> Tags.of("driver", d.driver(), "type", d.type(), "health", d.health()),
				FleetSnapshot.Devices::devices), true);
		this.orphanedDevices.register(
				rows(snapshot.orphanedDevices().entrySet(), (e) -> Tags.of("type", e.getKey()), Map.Entry::getValue),
				true);
		this.stale.register(List.of(MultiGauge.Row.of(Tags.empty(), snapshot.staleHosts())), true);
		this.shown.set(Optional.of(snapshot));
	}

	private static <T> List<MultiGauge.Row<?>> rows(Collection<T> items, Function<T, Tags> tags,
			Function<T, Long> value) {
		return items
			.stream().<MultiGauge.Row<?>>map((item) -> MultiGauge.Row.of(tags.apply(item), value.apply(item))).toList();
	}

	private double ageSeconds() {
		return this.shown.get()
			.map((snapshot) -> Duration.between(snapshot.computedAt(), this.clock.instant()).toMillis() / 1000.0)
			.orElse(Double.NaN);
	}

}
