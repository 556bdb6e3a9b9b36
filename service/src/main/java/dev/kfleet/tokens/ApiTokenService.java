package dev.kfleet.tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.audit.Actor;
import dev.kfleet.audit.AuditLog;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.IssuedSecretLifecycle;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Role;

/**
 * Creates, lists and revokes API tokens; creating and revoking one is audited.
 */
@Service
class ApiTokenService {

	private final ApiTokenRepository tokens;

	private final IssuedSecretLifecycle<ApiToken> lifecycle;

	private final AuditLog audit;

	ApiTokenService(ApiTokenRepository tokens, Clock clock, AuditLog audit) {
		this.tokens = tokens;
		this.lifecycle = new IssuedSecretLifecycle<>("API token", tokens, ApiToken::secret, clock);
		this.audit = audit;
	}

	/** A new token; the returned secret is the only time it is shown. */
	@Transactional
	CreatedToken create(String name, Role role, @Nullable Instant expiresAt, ApiPrincipal caller) {
		IssuedSecret.Issued issued = this.lifecycle.issue("kfa_", name, expiresAt, caller.name());
		ApiToken token = new ApiToken(issued.stored(), role);
		this.tokens.insert(token);
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("name", name);
		details.put("role", role.name().toLowerCase(Locale.ROOT));
		details.put("expiresAt", issued.stored().expiresAt());
		this.audit.record(Actor.of(caller), "api-token.created", "api-token", token.secret().id(), details);
		return new CreatedToken(token, issued.secret());
	}

	@Transactional(readOnly = true)
	ApiToken get(UUID id) {
		return this.lifecycle.get(id);
	}

	@Transactional(readOnly = true)
	PageResponse<ApiToken> list(@Nullable String cursor, int limit) {
		return this.lifecycle.list(cursor, limit);
	}

	/** Revokes a token; revoking a revoked token changes nothing. */
	@Transactional
	ApiToken revoke(UUID id, ApiPrincipal caller) {
		IssuedSecretLifecycle.Revocation<ApiToken> revocation = this.lifecycle.revoke(id, caller.name());
		if (revocation.revoked()) {
			this.audit.record(Actor.of(caller), "api-token.revoked", "api-token", id,
					Map.of("name", revocation.secret().secret().name()));
		}
		return revocation.secret();
	}

	Instant now() {
		return this.lifecycle.now();
	}

	record CreatedToken(ApiToken token, String secret) {
	}

}
