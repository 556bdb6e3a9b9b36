package dev.kfleet.tokens;

import java.time.Duration;

import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * API token settings.
 *
 * @param bootstrapAdminToken an admin token taken from configuration (at least 24
 * characters), so that the first admin can create the real tokens; unset means none
 * @param lastUsedResolution how stale a token's {@code lastUsedAt} may get before a
 * request updates it (bounds the writes that authentication causes)
 */
@Validated
@ConfigurationProperties("kfleet.tokens")
public record TokenProperties(@Nullable @Size(min = 24, max = 512) String bootstrapAdminToken,
		@DurationMin(nanos = 0) @DefaultValue("1m") Duration lastUsedResolution) {
}
