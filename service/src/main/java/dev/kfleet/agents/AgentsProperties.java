package dev.kfleet.agents;

import java.time.Duration;

import dev.kfleet.platform.PositiveDataSize;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The agent API's settings.
 *
 * @param maxRequestSize the largest enroll or check-in body (with its report) accepted;
 * larger ones get 413
 * @param tokenCacheTtl how often a replica checks the host tokens it trusts (all of them,
 * in a few queries; a check-in costs none): a token replaced or revoked through another
 * replica keeps working on this one for at most this long
 * @param secretLastUsedResolution how often an enrollment secret's {@code lastUsedAt} is
 * written at most
 */
@Validated
@ConfigurationProperties("kfleet.agents")
public record AgentsProperties(@PositiveDataSize @DefaultValue("512KB") DataSize maxRequestSize,
		@DurationMin(millis = 1) @DefaultValue("60s") Duration tokenCacheTtl,
		@DurationMin(nanos = 0) @DefaultValue("1m") Duration secretLastUsedResolution) {
}
