package dev.kfleet.platform;

/**
 * The contract's rules for strings (ADR 0027): lengths count Unicode code points, no
 * string holds U+0000, and names, ids and versions hold no control character at all
 * (U+0000–U+001F, U+007F). Also escapes control characters for logs and messages, so that
 * a quoted value can never start a line of its own.
 */
public final class Text {

	private Text() {
	}

	/** The length as JSON Schema counts it: Unicode code points. */
	public static int length(String text) {
		return text.codePointCount(0, text.length());
	}

	/** Whether the text holds U+0000, which no string of the API may hold. */
	public static boolean containsNul(String text) {
		return text.indexOf('\0') >= 0;
	}

	/** Whether the text holds a C0 control character (U+0000–U+001F) or U+007F. */
	public static boolean containsControlCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (isControl(text.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The text with every C0 and C1 control character, U+007F and the Unicode line and
	 * paragraph separators escaped ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}…):
	 * what a log line or a message quotes stays on that line.
	 */
	public static String escapeControlCharacters(String text) {
		int first = firstToEscape(text);
		if (first < 0) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!needsEscape(c)) {
				escaped.append(c);
				continue;
			}
			switch (c) {
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> escaped.append(String.format("\\u%04x", (int) c));
			}
		}
		return escaped.toString();
	}

	private static int firstToEscape(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (needsEscape(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isControl(char c) {
		return c < 0x20 || c == 0x7f;
	}

	private static boolean needsEscape(char c) {
		return isControl(c) || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029';
	}

}
