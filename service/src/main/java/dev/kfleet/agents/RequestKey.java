package dev.kfleet.agents;

import java.util.HexFormat;

import dev.kfleet.platform.Secrets;

/**
 * The key an agent binds its enrollment request to: only its SHA-256 is kept, and the
 * first 16 hex digits of that are the fingerprint an operator compares with the one the
 * agent logged.
 *
 * @param hash the SHA-256 of the key
 */
record RequestKey(byte[] hash) {

	private static final HexFormat HEX = HexFormat.of();

	static RequestKey of(String key) {
		return new RequestKey(Secrets.hash(key));
	}

	String fingerprint() {
		return fingerprintOf(this.hash);
	}

	/** The fingerprint of a key, from its hash. */
	static String fingerprintOf(byte[] hash) {
		return HEX.formatHex(hash, 0, 8);
	}

}
