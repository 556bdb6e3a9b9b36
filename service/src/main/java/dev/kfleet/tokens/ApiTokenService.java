package dev.kfleet.tokens;

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
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Role;
import dev.kfleet.platform.IssuedSecret;

/**
 * Creates, lists and revokes API tokens.
 */
@Service
class ApiTokenService {

	static final String CURSOR_KIND = "tokens";

	private static final Logger log = LoggerFactory.getLogger(ApiTokenService.class);

	private final ApiTokenRepository tokens;

	private final Clock clock;

	ApiTokenService(ApiTokenRepository tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	/** A new token; the returned secret is the only time it is shown. */
	@Transactional
	CreatedToken create(String name, Role role, @Nullable Instant expiresAt, String createdBy) {
		IssuedSecret.Issued issued = IssuedSecret.issue("kfa_", Ids.newId(this.clock), name, expiresAt, createdBy,
				now());
		ApiToken token = new ApiToken(issued.stored(), role);
		this.tokens.insert(token);
		log.info("API token {} '{}' with role {} created by {}", issued.stored().id(), name, role, createdBy);
		return new CreatedToken(token, issued.secret());
	}

	@Transactional(readOnly = true)
	ApiToken get(UUID id) {
		return this.tokens.findById(id).orElseThrow(() -> ApiException.notFound("API token", id));
	}

	@Transactional(readOnly = true)
	PageResponse<ApiToken> list(@Nullable String cursor, int limit) {
		UUID after = Cursors.decodeId(CURSOR_KIND, cursor);
		return PageResponse.of(this.tokens.page(after, limit + 1), limit, CURSOR_KIND,
				(token) -> token.secret().id().toString());
	}

	/** Revokes a token; revoking a revoked token changes nothing. */
	@Transactional
	ApiToken revoke(UUID id, String revokedBy) {
		ApiToken token = get(id);
		if (this.tokens.revoke(id, now())) {
			log.info("API token {} '{}' revoked by {}", id, token.secret().name(), revokedBy);
		}
		return get(id);
	}

	Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	record CreatedToken(ApiToken token, String secret) {
	}

}
