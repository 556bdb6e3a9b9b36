package dev.kfleet.rollouts;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The rollout engine.
 *
 * @param reconcileInterval how often one replica reconciles every active rollout (a fleet
 * job); a wave moves on within this of its last verdict
 * @param askBatch the most hosts asked, or judged, in one transaction
 * @param driftScanInterval how often one replica checks the hosts of completed rollouts
 * for drift (a fleet job)
 * @param gaugeInterval how often one replica counts the rollouts and their hosts for the
 * {@code kfleet.rollouts.*} gauges (the {@code rollout-gauges} fleet job)
 * @param gaugeRefreshInterval how often each replica reads those counts into its gauges
 */
@Validated
@ConfigurationProperties("kfleet.rollouts")
public record RolloutsProperties(@DurationMin(millis = 1) @DefaultValue("2s") Duration reconcileInterval,
		@Min(1) @Max(10_000) @DefaultValue("5000") int askBatch,
		@DurationMin(millis = 1) @DefaultValue("30s") Duration driftScanInterval,
		@DurationMin(millis = 1) @DefaultValue("10s") Duration gaugeInterval,
		@DurationMin(millis = 1) @DefaultValue("5s") Duration gaugeRefreshInterval) {
}
