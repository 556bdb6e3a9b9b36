package dev.kfleet.agent.report;

import java.util.Map;

import dev.kfleet.agent.json.JsonWriter;

/**
 * How {@link ReportJson} writes the texts of a report: cut to their member's
 * {@link MaxLength} (counted in code points, as JSON Schema counts), and without the
 * control characters the contract does not allow in a report's text (a file name can hold
 * them; what the agent reads from files was checked already).
 */
final class Texts {

	/** The longest reason in an {@code unknown} member. */
	static final int MAX_REASON = 1000;

	private Texts() {
	}

	/**
	 * Writes a text cut to a length, recording the original length when it was cut.
	 * @param writer the writer
	 * @param text the text
	 * @param limit the longest length in code points
	 * @param key the name under which a cut is recorded
	 * @param truncated where cuts are recorded
	 */
	static void write(JsonWriter writer, String text, int limit, String key, Map<String, Long> truncated) {
		String clean = clean(text);
		int length = clean.codePointCount(0, clean.length());
		if (length > limit) {
			truncated.put(key, (long) length);
		}
		writer.value(cut(clean, limit));
	}

	/**
	 * Writes the start of a text that was cut already.
	 * @param writer the writer
	 * @param text the start
	 * @param limit the longest length in code points
	 */
	static void write(JsonWriter writer, String text, int limit) {
		writer.value(cut(clean(text), (limit > 0) ? limit : Integer.MAX_VALUE));
	}

	/**
	 * Returns a reason as {@code unknown} holds it: at most {@value #MAX_REASON} code
	 * points, ending in an ellipsis when it was longer.
	 * @param reason the reason
	 * @return the reason to write
	 */
	static String reason(String reason) {
		String clean = clean(reason);
		if (clean.codePointCount(0, clean.length()) <= MAX_REASON) {
			return clean;
		}
		return cut(clean, MAX_REASON - 1) + "…";
	}

	/**
	 * Returns the member an entry of {@code unknown} or {@code truncated} is about:
	 * {@code options} for {@code options.CONFIG_X}, {@code flags} for {@code flags[2]}.
	 * @param key the entry's key
	 * @return the member's name
	 */
	static String memberOf(String key) {
		int end = key.length();
		for (int i = 0; i < key.length(); i++) {
			if (key.charAt(i) == '.' || key.charAt(i) == '[') {
				end = i;
				break;
			}
		}
		return key.substring(0, end);
	}

	static String cut(String text, int limit) {
		if (text.length() <= limit) {
			return text;
		}
		int count = text.codePointCount(0, text.length());
		return (count <= limit) ? text : text.substring(0, text.offsetByCodePoints(0, limit));
	}

	/**
	 * Replaces what a report's text may not hold by U+FFFD: control characters other than
	 * tab, line feed and carriage return, DEL, and a lone surrogate.
	 */
	static String clean(String text) {
		StringBuilder cleaned = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || lone(text, i, c);
			if (bad && cleaned == null) {
				cleaned = new StringBuilder(text.length()).append(text, 0, i);
			}
			if (cleaned != null) {
				cleaned.append(bad ? '\uFFFD' : c);
			}
		}
		return (cleaned != null) ? cleaned.toString() : text;
	}

	private static boolean lone(String text, int i, char c) {
		if (Character.isHighSurrogate(c)) {
			return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
		}
		return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
	}

}
