package dev.kfleet.reports;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

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
 * @param metricsGroupLabel the label key whose values group the fleet's memory gauges
 * (the {@code group} tag); unset, every host is in the group {@code all}
 * @param metricsMaxGroups the most values of the group label, and of kernel series, the
 * gauges show apart (the largest by hosts); the rest are summed as {@code other}
 */
@Validated
@ConfigurationProperties("kfleet.reports")
public record ReportsProperties(@DurationMin(millis = 1) @DefaultValue("30s") Duration fleetMetricsInterval,
		@DurationMin(millis = 1) @DefaultValue("5s") Duration gaugeRefreshInterval,
		@Nullable @Pattern(
				regexp = "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?",
				message = "must be a label key, such as team or example.com/team") String metricsGroupLabel,
		@Min(1) @Max(100) @DefaultValue("10") int metricsMaxGroups) {
}
