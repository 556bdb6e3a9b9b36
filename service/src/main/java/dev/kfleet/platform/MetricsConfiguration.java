package dev.kfleet.platform;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps {@code /actuator/prometheus} clean for {@code promtool check metrics} (ADR 0043):
 * describes the HTTP server meters Spring Boot registers without a description, and drops
 * the built-in meters that nothing reads and whose names Prometheus's conventions refuse
 * (abbreviated units, a gauge ending in {@code _count}) or that describe nothing here
 * (the service keeps no HTTP sessions; the scheduled tasks are timed by their own
 * meters).
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	/** Meters dropped, by name prefix. */
	static final List<String> DROPPED = List.of("tomcat.sessions", "tasks.scheduled.execution", "jvm.compilation.time",
			"process.cpu.time", "system.cpu.count");

	/** Descriptions of the meters registered without one. */
	static final Map<String, String> DESCRIPTIONS = Map.of("http.server.requests",
			"HTTP requests the service answered, by method, URI template, status and outcome",
			"http.server.requests.active", "HTTP requests the service is answering now");

	@Bean
	MeterFilter droppedMeters() {
		return MeterFilter.deny((id) -> DROPPED.stream().anyMatch((prefix) -> id.getName().startsWith(prefix)));
	}

	@Bean
	MeterFilter describedMeters() {
		return new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				String description = DESCRIPTIONS.get(id.getName());
				if (description == null || id.getDescription() != null) {
					return id;
				}
				return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
						id.getType());
			}

		};
	}

}
