package dev.kfleet.desiredstate;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How each replica keeps its copy of the hosts' desired state.
 *
 * @param refreshInterval how often a replica polls for desired states set through other
 * replicas
 * @param maxStaleness the longest a replica hands out desired state without having polled
 * successfully; past it, agents' check-ins get 503 until a poll succeeds (the bound on
 * how old a version a replica may hand out)
 */
@Validated
@ConfigurationProperties("kfleet.desired-state")
public record DesiredStateProperties(@DurationMin(millis = 1) @DefaultValue("1s") Duration refreshInterval,
		@DurationMin(millis = 1) @DefaultValue("10s") Duration maxStaleness) {
}
