package dev.kfleet.agent.server;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The bounds the contract puts on the numbers and texts the service sends, which the
 * agent checks before it keeps anything of an answer: a sequence or version outside them
 * makes the answer not the contract's (a failed check-in, nothing persisted); an interval
 * outside them is clamped, and the caller says so in the log.
 */
public final class Bounds {

	/**
	 * The largest sequence and desired-state version: 2^53 − 1, the largest integer every
	 * JSON reader holds exactly.
	 */
	public static final long MAX_SEQUENCE = (1L << 53) - 1;

	/** The largest desired-state version (as {@link #MAX_SEQUENCE}). */
	public static final long MAX_VERSION = MAX_SEQUENCE;

	/** The shortest check-in interval, in seconds. */
	public static final long MIN_INTERVAL_SECONDS = 1;

	/** The longest check-in interval, in seconds: one hour. */
	public static final long MAX_INTERVAL_SECONDS = 3600;

	/** The most actions of one desired state. */
	static final int MAX_ACTIONS = 16;

	/** The longest action type. */
	static final int MAX_ACTION_TYPE = 64;

	/** A UUID, as the service writes them. */
	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	/**
	 * A host token: what an {@code Authorization} header can carry, and what
	 * {@code EnrollRequest.hostToken} takes back (at most 256 characters).
	 */
	private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,256}");

	private Bounds() {
	}

	/**
	 * Returns a check-in interval within the contract's bounds.
	 * @param seconds the interval the service gave
	 * @return it, clamped to 1 s – 1 h
	 */
	public static Duration interval(long seconds) {
		return Duration.ofSeconds(Math.clamp(seconds, MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS));
	}

	/**
	 * Tells whether an interval is within the contract's bounds.
	 * @param seconds the interval
	 * @return whether it needs no clamping
	 */
	public static boolean intervalWithin(long seconds) {
		return seconds >= MIN_INTERVAL_SECONDS && seconds <= MAX_INTERVAL_SECONDS;
	}

	/**
	 * Tells whether a text can be a host token the agent keeps and presents again.
	 * @param token the text
	 * @return whether it is one
	 */
	public static boolean isToken(String token) {
		return TOKEN.matcher(token).matches();
	}

	/**
	 * Tells whether a text is a UUID (a host id, an enrollment request's id).
	 * @param id the text
	 * @return whether it is one
	 */
	public static boolean isUuid(String id) {
		return UUID.matcher(id).matches();
	}

	static long within(long value, long min, long max, String name) {
		if (value < min || value > max) {
			throw new Tree.MalformedException("\"" + name + "\" is " + value + ", not within " + min + " to " + max);
		}
		return value;
	}

	static String matching(String value, boolean valid, String name, String what) {
		if (!valid) {
			throw new Tree.MalformedException("\"" + name + "\" is not " + what);
		}
		return value;
	}

}
