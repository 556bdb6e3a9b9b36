package dev.kfleet.platform;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * Instants as the contract takes them (ADR 0027): RFC 3339 date-times from 1970-01-01 to
 * 9999-12-31, in bodies and in query parameters alike, so that no instant PostgreSQL or
 * {@code Instant} arithmetic cannot hold reaches them.
 */
public final class Instants {

	/** The earliest instant accepted. */
	public static final Instant MIN = Instant.EPOCH;

	/** The latest instant accepted: the end of 9999-12-31 (UTC). */
	public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

	/** What an invalid instant is told. */
	public static final String RULE = "must be an RFC 3339 date-time from 1970-01-01 to 9999-12-31";

	private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.append(DateTimeFormatter.ISO_INSTANT)
		.toFormatter();

	private Instants() {
	}

	/**
	 * Parses an RFC 3339 date-time ({@code 2026-01-31T12:00:00Z}, or with an offset).
	 * @throws IllegalArgumentException if it is not one, or lies outside the range
	 */
	public static Instant parse(String text) {
		Instant instant;
		try {
			instant = RFC_3339.parse(text, Instant::from);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(RULE, ex);
		}
		if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
			throw new IllegalArgumentException(RULE);
		}
		return instant;
	}

}
