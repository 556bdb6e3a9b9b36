package dev.kfleet.tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.IssuedSecretLifecycle;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Role;

/**
 * Creates, lists and revokes API tokens.
 */
@Service
class ApiTokenService {

	private final ApiTokenRepository tokens;

	private final IssuedSecretLifecycle<ApiToken> lifecycle;

	ApiTokenService(ApiTokenRepository tokens, Clock clock) {
		this.tokens = tokens;
		this.lifecycle = new IssuedSecretLifecycle<>("API token", tokens, ApiToken::secret, clock);
	}

	/** A new token; the returned secret is the only time it is shown. */
	@Transactional
	CreatedToken create(String name, Role role, @Nullable Instant expiresAt, String createdBy) {
		IssuedSecret.Issued issued = this.lifecycle.issue("kfa_", name, expiresAt, createdBy);
		ApiToken token = new ApiToken(issued.stored(), role);
		this.tokens.insert(token);
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
	ApiToken revoke(UUID id, String revokedBy) {
		return this.lifecycle.revoke(id, revokedBy);
	}

	Instant now() {
		return this.lifecycle.now();
	}

	record CreatedToken(ApiToken token, String secret) {
	}

}
