package dev.kfleet.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Opaque pagination cursors. A cursor carries the kind of list it belongs to and the sort
 * key of the last item the client has seen; the next page starts strictly after it
 * (keyset pagination), so a page costs the same however deep it is.
 */
public final class Cursors {

	private static final String VERSION = "1";

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	/** The contract's {@code maxLength} of a cursor. */
	private static final int MAX_LENGTH = 512;

	private Cursors() {
	}

	/** The cursor that resumes a list of {@code kind} after the item with {@code key}. */
	public static String encode(String kind, String key) {
		String plain = VERSION + ":" + kind + ":" + key;
		return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The key in a cursor of a list of {@code kind}, or {@code null} when there is no
	 * cursor (the first page).
	 * @throws ApiException (400) when the cursor was not issued for such a list
	 */
	public static @Nullable String decode(String kind, @Nullable String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return null;
		}
		if (Text.length(cursor) > MAX_LENGTH) {
			throw invalid();
		}
		String plain;
		try {
			plain = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
		String prefix = VERSION + ":" + kind + ":";
		if (!plain.startsWith(prefix) || plain.length() == prefix.length()) {
			throw invalid();
		}
		return plain.substring(prefix.length());
	}

	/** The id in a cursor of a list ordered by id, or {@code null} on the first page. */
	public static @Nullable UUID decodeId(String kind, @Nullable String cursor) {
		return decode(kind, cursor, UUID::fromString);
	}

	/**
	 * The key in a cursor, parsed, or {@code null} on the first page.
	 * @throws ApiException (400) when the key does not parse
	 */
	public static <T> @Nullable T decode(String kind, @Nullable String cursor, Function<String, T> parser) {
		String key = decode(kind, cursor);
		if (key == null) {
			return null;
		}
		try {
			return parser.apply(key);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/** The error for a cursor whose key does not parse. */
	public static ApiException invalid() {
		return new ApiException(ApiProblem.INVALID_CURSOR,
				"The cursor was not issued for this list; pass the nextCursor of the previous page unchanged");
	}

}
