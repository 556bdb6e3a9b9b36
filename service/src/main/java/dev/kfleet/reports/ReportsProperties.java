package dev.kfleet.reports;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The fleet's aggregates and reports.
 *
 * @param fleetMetricsInterval how often one replica recomputes the fleet's aggregates and
 * reports (fleet jobs)
 * @param gaugeRefreshInterval how often each replica reads the stored aggregates into its
 * {@code kfleet.fleet.*} gauges
 * @param groupLabelKeys the label keys whose groups the fleet job keeps for the memory
 * report and writes to its daily history (at most 10)
 * @param historyRetention how long the daily history is kept (at least a day)
 * @param historyInterval how often one replica writes the day's history rows if they are
 * missing, and deletes the expired ones
 * @param metricsGroupLabel the label key whose values group the fleet's memory gauges
 * (the {@code group} tag); unset, every host is in the group {@code all}
 * @param metricsMaxGroups the most values of the group label, and of kernel series, the
 * gauges show apart (the largest by hosts); the rest are summed as {@code other}
 */
@Validated
@ConfigurationProperties("kfleet.reports")
public record ReportsProperties(@DurationMin(millis = 1) @DefaultValue("30s") Duration fleetMetricsInterval,
		@DurationMin(millis = 1) @DefaultValue("5s") Duration gaugeRefreshInterval,
		@Size(max = 10) @DefaultValue List<@Pattern(regexp = LABEL_KEY,
				message = "must be a label key") String> groupLabelKeys,
		@DurationMin(days = 1) @DefaultValue("400d") Duration historyRetention,
		@DurationMin(millis = 1) @DefaultValue("1h") Duration historyInterval,
		@Nullable @Pattern(regexp = LABEL_KEY,
				message = "must be a label key, such as team or example.com/team") String metricsGroupLabel,
		@Min(1) @Max(100) @DefaultValue("10") int metricsMaxGroups) {

	/** A label key: an optional DNS subdomain and {@code /}, then a name. */
	static final String LABEL_KEY = "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
			+ "([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]";

}
