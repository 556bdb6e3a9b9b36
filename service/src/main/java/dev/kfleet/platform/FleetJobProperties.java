package dev.kfleet.platform;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How replicas share the fleet jobs (ADR 0031).
 *
 * @param pollingInterval how often each replica looks for a job that is due (one indexed
 * query)
 * @param heartbeatInterval how often a replica running a job says so; a run whose replica
 * missed {@code missedHeartbeats} of them is taken over by another replica
 * @param missedHeartbeats how many heartbeats a run may miss before it counts as dead
 */
@Validated
@ConfigurationProperties("kfleet.jobs")
public record FleetJobProperties(@DurationMin(millis = 1) @DefaultValue("1s") Duration pollingInterval,
		@DurationMin(millis = 1) @DefaultValue("5s") Duration heartbeatInterval,
		@DefaultValue("4") @Min(2) @Max(100) int missedHeartbeats) {
}
