package dev.kfleet.platform;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the service watches its database.
 *
 * @param probeInterval how often a background thread asks the database server whether it
 * answers (and since when it runs); health answers from the last probe without waiting
 * @param probeTimeout how long a probe may take before the database counts as down (the
 * probe's own connect and read timeouts too)
 */
@Validated
@ConfigurationProperties("kfleet.database")
public record DatabaseProperties(@DurationMin(millis = 1) @DefaultValue("1s") Duration probeInterval,
		@DurationMin(millis = 1) @DefaultValue("2s") Duration probeTimeout) {
}
