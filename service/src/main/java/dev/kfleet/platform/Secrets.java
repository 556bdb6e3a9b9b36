package dev.kfleet.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer secrets (API tokens, host tokens, enrollment secrets): 256 random bits behind a
 * readable prefix, stored only as their SHA-256. A slow password hash buys nothing for
 * secrets of this entropy, and a fast one keeps every authenticated request cheap.
 */
public final class Secrets {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private Secrets() {
	}

	/** A new secret such as {@code kfa_3q2…}: the prefix tells what kind it is. */
	public static String generate(String prefix) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return prefix + ENCODER.encodeToString(bytes);
	}

	/**
	 * The SHA-256 of a text's UTF-8 bytes: what is stored and looked up for a secret, and
	 * what an agent's report hash must be for the report's text.
	 */
	public static byte[] hash(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/**
	 * The first characters of a secret, shown to help people tell their secrets apart.
	 */
	public static String hint(String secret) {
		return secret.substring(0, Math.min(secret.length(), 8)) + "…";
	}

}
