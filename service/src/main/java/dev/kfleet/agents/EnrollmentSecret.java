package dev.kfleet.agents;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.kfleet.platform.IssuedSecret;

/**
 * An enrollment secret, as stored: its hash, never the secret.
 *
 * @param secret the secret's name, hash and lifecycle
 * @param enrollments how many enrollments used it
 * @param maxUses how many it allows, or {@code null} for no limit
 * @param labels the labels of the hosts its enrollments create
 * @param hostTokens how many hosts hold a token issued with it now
 */
record EnrollmentSecret(IssuedSecret secret, long enrollments, @Nullable Long maxUses, Map<String, String> labels,
		long hostTokens) {

	EnrollmentSecret {
		labels = Map.copyOf(labels);
	}

	/** Whether every enrollment it allows was made. */
	boolean isUsedUp() {
		return this.maxUses != null && this.enrollments >= this.maxUses;
	}

	/** {@code active}, {@code expired}, {@code used-up} or {@code revoked}. */
	String state(Instant now) {
		String state = this.secret.state(now);
		return ("active".equals(state) && isUsedUp()) ? "used-up" : state;
	}

}
