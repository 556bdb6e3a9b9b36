package dev.kfleet.tokens;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.ApiTokenVerifier;
import dev.kfleet.platform.Role;
import dev.kfleet.platform.Secrets;

/**
 * Resolves the bearer tokens of the operator API: the bootstrap admin token from
 * configuration, or a stored token that is neither expired nor revoked.
 */
@Component
class ApiTokenAuthenticator implements ApiTokenVerifier {

	private static final Logger log = LoggerFactory.getLogger(ApiTokenAuthenticator.class);

	private final ApiTokenRepository tokens;

	private final TokenProperties properties;

	private final Clock clock;

	private final byte @Nullable [] bootstrapHash;

	ApiTokenAuthenticator(ApiTokenRepository tokens, TokenProperties properties, Clock clock) {
		this.tokens = tokens;
		this.properties = properties;
		this.clock = clock;
		String bootstrap = properties.bootstrapAdminToken();
		this.bootstrapHash = (bootstrap != null) ? Secrets.hash(bootstrap) : null;
		if (bootstrap == null) {
			log.info("No bootstrap admin token configured (kfleet.tokens.bootstrap-admin-token); "
					+ "only stored API tokens are accepted");
		}
	}

	@Override
	public Optional<ApiPrincipal> verify(String token) {
		byte[] hash = Secrets.hash(token);
		if (this.bootstrapHash != null && MessageDigest.isEqual(hash, this.bootstrapHash)) {
			return Optional.of(new ApiPrincipal("bootstrap-admin", Role.ADMIN, null));
		}
		Instant now = this.clock.instant();
		return this.tokens.findByHash(hash).filter((stored) -> stored.secret().isActive(now)).map((stored) -> {
			if (stored.secret().lastUseOlderThan(this.properties.lastUsedResolution(), now)) {
				this.tokens.touch(stored.secret().id(), now);
			}
			return new ApiPrincipal(stored.secret().name(), stored.role(), stored.secret().id());
		});
	}

}
