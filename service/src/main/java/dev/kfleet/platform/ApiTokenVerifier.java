package dev.kfleet.platform;

import java.util.Optional;

/**
 * Tells who holds a bearer token of the operator API. Implemented by the module that owns
 * the tokens.
 */
public interface ApiTokenVerifier {

	/** The holder of {@code token}, or empty when it is unknown, expired or revoked. */
	Optional<ApiPrincipal> verify(String token);

}
