package dev.kfleet.reports;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The fleet gauges' values, by name after {@code kfleet.fleet.} and tags. */
final class FleetGaugeValues {

	static final List<String> GAUGES = List.of("kfleet.fleet.hosts", "kfleet.fleet.hosts.by-kernel",
			"kfleet.fleet.hosts.stale", "kfleet.fleet.hvo.bytes", "kfleet.fleet.hugetlb.bytes",
			"kfleet.fleet.memory.installed", "kfleet.fleet.vduse.devices", "kfleet.fleet.vduse.orphaned-devices");

	private FleetGaugeValues() {
	}

	/**
	 * Each gauge as {@code hosts hvo=on} (tags ordered by key, as Micrometer keeps them)
	 * to its value.
	 */
	static Map<String, Double> of(MeterRegistry meters) {
		Map<String, Double> values = new HashMap<>();
		for (String name : GAUGES) {
			meters.find(name).gauges().forEach((gauge) -> values.put(name(gauge), gauge.value()));
		}
		return values;
	}

	private static String name(Gauge gauge) {
		String name = gauge.getId().getName().substring("kfleet.fleet.".length());
		List<String> tags = gauge.getId().getTags().stream().map((tag) -> tag.getKey() + "=" + tag.getValue()).toList();
		return tags.isEmpty() ? name : name + " " + String.join(",", tags);
	}

}
