package dev.kfleet.observations;

import java.time.Duration;
import java.time.Instant;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often agents check in, and when a host counts as stale. The check-in loop is this
 * module's; the properties keep the prefix {@code kfleet.hosts} that operators set
 * (README, Helm chart) from before the loop left the hosts module.
 *
 * @param checkInInterval the interval the service gives agents (1 s to 40 min: with the
 * largest jitter it stays within the contract's 3,600 s)
 * @param checkInJitter the fraction by which each given interval varies at random (0.1 =
 * ±10 %), so that a fleet restarted at once does not check in in lockstep
 * @param staleAfterIntervals how many intervals without a check-in make a host stale
 * @param heartbeatFlushInterval how long check-ins that change nothing are buffered in
 * memory before their last-seen time is written (in one statement)
 */
@Validated
@ConfigurationProperties("kfleet.hosts")
public record HostProperties(
		@DurationMin(seconds = 1) @DurationMax(seconds = 2400) @DefaultValue("30s") Duration checkInInterval,
		@DefaultValue("0.1") @DecimalMin("0") @DecimalMax("0.5") double checkInJitter,
		@DefaultValue("3") @Min(1) int staleAfterIntervals,
		@DurationMin(millis = 1) @DefaultValue("5s") Duration heartbeatFlushInterval) {

	/** Hosts whose agent was last seen before this are stale. */
	Instant staleBefore(Instant now) {
		return now.minus(this.checkInInterval.multipliedBy(this.staleAfterIntervals))
			.minus(this.heartbeatFlushInterval);
	}

}
