package dev.kfleet.agent.server;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key an agent binds its enrollment requests to (the contract's
 * {@code EnrollRequest.requestKey}): 32 random bytes, base64url without padding (43
 * characters). Only an attempt with the same key gets the token once an operator approved
 * the request, so the key is kept like a secret; people compare its fingerprint.
 */
public final class RequestKey {

	private static final SecureRandom RANDOM = new SecureRandom();

	private RequestKey() {
	}

	/**
	 * Makes a new key.
	 * @return 43 base64url characters
	 */
	public static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Returns a key's fingerprint, as the service shows it for the request.
	 * @param key the key
	 * @return the first 16 hex digits of the SHA-256 of the key's text
	 */
	public static String fingerprint(String key) {
		return ReportSnapshot.sha256(key).substring(0, 16);
	}

	/**
	 * Tells whether a text can be a request key (one read back from the state file).
	 * @param key the text
	 * @return whether it has the contract's form
	 */
	public static boolean isKey(String key) {
		return key.length() >= 43 && key.length() <= 128
				&& key.chars()
					.allMatch((c) -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
							|| c == '-' || c == '_');
	}

}
