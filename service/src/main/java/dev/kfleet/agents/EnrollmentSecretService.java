package dev.kfleet.agents;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.IssuedSecretLifecycle;
import dev.kfleet.platform.PageResponse;

/**
 * Creates, lists and revokes enrollment secrets.
 */
@Service
class EnrollmentSecretService {

	private final EnrollmentSecretRepository secrets;

	private final IssuedSecretLifecycle<EnrollmentSecret> lifecycle;

	EnrollmentSecretService(EnrollmentSecretRepository secrets, Clock clock) {
		this.secrets = secrets;
		this.lifecycle = new IssuedSecretLifecycle<>("enrollment secret", secrets, EnrollmentSecret::secret, clock);
	}

	@Transactional
	IssuedSecret.Issued create(String name, @Nullable Instant expiresAt, String createdBy) {
		IssuedSecret.Issued issued = this.lifecycle.issue("kfe_", name, expiresAt, createdBy);
		this.secrets.insert(issued.stored());
		return issued;
	}

	@Transactional(readOnly = true)
	EnrollmentSecret get(UUID id) {
		return this.lifecycle.get(id);
	}

	@Transactional(readOnly = true)
	PageResponse<EnrollmentSecret> list(@Nullable String cursor, int limit) {
		return this.lifecycle.list(cursor, limit);
	}

	@Transactional
	EnrollmentSecret revoke(UUID id, String revokedBy) {
		return this.lifecycle.revoke(id, revokedBy);
	}

	Instant now() {
		return this.lifecycle.now();
	}

}
