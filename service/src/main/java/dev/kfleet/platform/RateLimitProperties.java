package dev.kfleet.platform;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits per caller, on each replica (ADR 0027): a token bucket of {@code burst}
 * requests refilled at {@code requests-per-second}. The defaults are far above what a
 * well-behaved caller sends (an agent checks in every 30 s; 100,000 hosts enrolling with
 * one secret in a few minutes) and stop a runaway one.
 *
 * @param agentRequestsPerSecond check-ins and pings per host token
 * @param agentBurst the most check-ins and pings one host token may send at once
 * @param enrollRequestsPerSecond enrollments per enrollment secret
 * @param enrollBurst the most enrollments one secret may make at once
 * @param operatorRequestsPerSecond operator API calls per API token
 * @param operatorBurst the most operator API calls one token may make at once
 */
@Validated
@ConfigurationProperties("kfleet.rate-limits")
public record RateLimitProperties(@Min(1) @Max(MAX) @DefaultValue("2") int agentRequestsPerSecond,
		@Min(1) @Max(MAX) @DefaultValue("120") int agentBurst,
		@Min(1) @Max(MAX) @DefaultValue("1000") int enrollRequestsPerSecond,
		@Min(1) @Max(MAX) @DefaultValue("10000") int enrollBurst,
		@Min(1) @Max(MAX) @DefaultValue("50") int operatorRequestsPerSecond,
		@Min(1) @Max(MAX) @DefaultValue("500") int operatorBurst) {

	/** The largest rate or burst that can be set: enough to switch a limit off. */
	static final int MAX = 1_000_000_000;

}
