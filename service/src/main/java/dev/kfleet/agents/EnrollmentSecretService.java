package dev.kfleet.agents;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.Cursors;
import dev.kfleet.platform.Ids;
import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.PageResponse;

/**
 * Creates, lists and revokes enrollment secrets.
 */
@Service
class EnrollmentSecretService {

	static final String CURSOR_KIND = "enrollment-secrets";

	private static final Logger log = LoggerFactory.getLogger(EnrollmentSecretService.class);

	private final EnrollmentSecretRepository secrets;

	private final Clock clock;

	EnrollmentSecretService(EnrollmentSecretRepository secrets, Clock clock) {
		this.secrets = secrets;
		this.clock = clock;
	}

	@Transactional
	IssuedSecret.Issued create(String name, @Nullable Instant expiresAt, String createdBy) {
		IssuedSecret.Issued issued = IssuedSecret.issue("kfe_", Ids.newId(this.clock), name, expiresAt, createdBy,
				now());
		this.secrets.insert(issued.stored());
		log.info("Enrollment secret {} '{}' created by {}", issued.stored().id(), name, createdBy);
		return issued;
	}

	@Transactional(readOnly = true)
	EnrollmentSecret get(UUID id) {
		return this.secrets.findById(id).orElseThrow(() -> ApiException.notFound("enrollment secret", id));
	}

	@Transactional(readOnly = true)
	PageResponse<EnrollmentSecret> list(@Nullable String cursor, int limit) {
		UUID after = Cursors.decodeId(CURSOR_KIND, cursor);
		return PageResponse.of(this.secrets.page(after, limit + 1), limit, CURSOR_KIND,
				(secret) -> secret.secret().id().toString());
	}

	@Transactional
	EnrollmentSecret revoke(UUID id, String revokedBy) {
		EnrollmentSecret secret = get(id);
		if (this.secrets.revoke(id, now())) {
			log.info("Enrollment secret {} '{}' revoked by {}", id, secret.secret().name(), revokedBy);
		}
		return get(id);
	}

	Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
