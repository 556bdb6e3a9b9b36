package dev.kfleet.reports;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The fleet's aggregates.
 *
 * @param fleetMetricsInterval how often one replica recomputes the fleet's aggregates (a
 * fleet job)
 * @param gaugeRefreshInterval how often each replica reads the stored aggregates into its
 * {@code kfleet.fleet.*} gauges
 */
@Validated
@ConfigurationProperties("kfleet.reports")
public record ReportsProperties(@DurationMin(millis = 1) @DefaultValue("30s") Duration fleetMetricsInterval,
		@DurationMin(millis = 1) @DefaultValue("5s") Duration gaugeRefreshInterval) {
}
