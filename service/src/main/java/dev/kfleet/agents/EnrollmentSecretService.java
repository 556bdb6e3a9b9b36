package dev.kfleet.agents;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.audit.Actor;
import dev.kfleet.audit.AuditLog;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.IssuedSecretLifecycle;
import dev.kfleet.platform.PageResponse;

/**
 * Creates, lists and revokes enrollment secrets (audited). Revoking one can revoke the
 * host tokens issued with it.
 */
@Service
class EnrollmentSecretService {

	private static final Logger log = LoggerFactory.getLogger(EnrollmentSecretService.class);

	private final EnrollmentSecretRepository secrets;

	private final AgentCredentialRepository credentials;

	private final HostTokens tokens;

	private final AuditLog audit;

	private final IssuedSecretLifecycle<EnrollmentSecret> lifecycle;

	EnrollmentSecretService(EnrollmentSecretRepository secrets, AgentCredentialRepository credentials,
			HostTokens tokens, AuditLog audit, Clock clock) {
		this.secrets = secrets;
		this.credentials = credentials;
		this.tokens = tokens;
		this.audit = audit;
		this.lifecycle = new IssuedSecretLifecycle<>("enrollment secret", secrets, EnrollmentSecret::secret, clock);
	}

	@Transactional
	Created create(String name, @Nullable Instant expiresAt, @Nullable Long maxUses, Map<String, String> labels,
			ApiPrincipal caller) {
		IssuedSecret.Issued issued = this.lifecycle.issue("kfe_", name, expiresAt, caller.name());
		this.secrets.insert(issued.stored(), maxUses, labels);
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("name", name);
		details.put("expiresAt", issued.stored().expiresAt());
		details.put("maxUses", maxUses);
		details.put("labels", labels);
		this.audit.record(Actor.of(caller), "enrollment-secret.created", "enrollment-secret", issued.stored().id(),
				details);
		return new Created(new EnrollmentSecret(issued.stored(), 0, maxUses, labels, 0), issued.secret());
	}

	@Transactional(readOnly = true)
	EnrollmentSecret get(UUID id) {
		return this.lifecycle.get(id);
	}

	@Transactional(readOnly = true)
	PageResponse<EnrollmentSecret> list(@Nullable String cursor, int limit) {
		return this.lifecycle.list(cursor, limit);
	}

	/**
	 * Revokes a secret and, if asked, every host token issued with it: this replica
	 * forgets them at once, the others when they next check the tokens they trust.
	 * Revoking a revoked secret changes nothing but revokes the tokens if asked.
	 */
	@Transactional
	EnrollmentSecret revoke(UUID id, boolean revokeHostTokens, ApiPrincipal caller) {
		this.lifecycle.get(id);
		this.secrets.lockForRevocation(id);
		IssuedSecretLifecycle.Revocation<EnrollmentSecret> revocation = this.lifecycle.revoke(id, caller.name());
		List<byte[]> revoked = revokeHostTokens ? this.credentials.deleteIssuedWith(id) : List.of();
		this.tokens.replaced(revoked);
		if (revocation.revoked() || !revoked.isEmpty()) {
			this.audit.record(Actor.of(caller), "enrollment-secret.revoked", "enrollment-secret", id,
					Map.of("name", revocation.secret().secret().name(), "hostTokensRevoked", revoked.size()));
		}
		if (!revoked.isEmpty()) {
			log.info("{} host tokens issued with enrollment secret {} revoked by {}", revoked.size(), id, caller);
		}
		return get(id);
	}

	Instant now() {
		return this.lifecycle.now();
	}

	/**
	 * A secret just created.
	 *
	 * @param secret what is stored
	 * @param value the secret, to show once
	 */
	record Created(EnrollmentSecret secret, String value) {
	}

}
