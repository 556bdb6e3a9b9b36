package dev.kfleet.agents;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.kfleet.platform.Secrets;

/**
 * Resolves the enrollment secrets agents present: active ones only (neither expired nor
 * revoked). A secret whose uses are all made still resolves, so that the enrollment can
 * say so (401 with that detail).
 */
@Component
class EnrollmentSecrets {

	private final EnrollmentSecretRepository secrets;

	private final Clock clock;

	EnrollmentSecrets(EnrollmentSecretRepository secrets, Clock clock) {
		this.secrets = secrets;
		this.clock = clock;
	}

	Optional<EnrollmentPrincipal> verify(String secret) {
		Instant now = this.clock.instant();
		return this.secrets.findByHash(Secrets.hash(secret))
			.filter((stored) -> stored.secret().isActive(now))
			.map((stored) -> new EnrollmentPrincipal(stored.secret().id(), stored.secret().name(), stored.maxUses()));
	}

}
