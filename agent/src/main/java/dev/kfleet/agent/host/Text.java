package dev.kfleet.agent.host;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.kfleet.agent.report.Reading;

/**
 * What the agent accepts as text from a kernel file: UTF-8 without a NUL byte and without
 * control characters other than tab, line feed and carriage return. Anything else is
 * garbled, and the value unknown with the reason, never a failed collection and never a
 * string the service must refuse (the contract forbids U+0000 in every string, and
 * control characters outside free text).
 */
public final class Text {

	private Text() {
	}

	/**
	 * Decodes a file's bytes as text.
	 * @param where the file, for the reason
	 * @param bytes the bytes
	 * @return the text, or why the bytes are not text
	 */
	public static Reading<String> decode(String where, byte[] bytes) {
		int bad = firstControl(bytes, 0, bytes.length);
		if (bad >= 0) {
			return Reading.unknown(controlReason(where, bytes[bad], bad));
		}
		try {
			return Reading.of(StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString());
		}
		catch (CharacterCodingException ex) {
			return Reading.unknown("garbled: " + where + " is not UTF-8 text");
		}
	}

	/**
	 * Decodes NUL-separated arguments, as {@code /proc/<pid>/cmdline} holds them; a
	 * trailing NUL ends the last argument.
	 * @param where the file, for the reason
	 * @param bytes the bytes
	 * @return the arguments, or why one of them is not text
	 */
	public static Reading<List<String>> arguments(String where, byte[] bytes) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] != 0 && isControl(bytes[i])) {
				return Reading.unknown(controlReason(where, bytes[i], i));
			}
		}
		List<String> arguments = new ArrayList<>();
		int start = 0;
		for (int i = 0; i <= bytes.length; i++) {
			if (i == bytes.length || bytes[i] == 0) {
				if (i < bytes.length || i > start) {
					byte[] argument = Arrays.copyOfRange(bytes, start, i);
					Reading<String> text = decode(where, argument);
					if (!text.isKnown()) {
						return Reading.unknown(text.unknownReason().orElseThrow());
					}
					arguments.add(text.orElseThrow());
				}
				start = i + 1;
			}
		}
		return Reading.of(List.copyOf(arguments));
	}

	/**
	 * Counts the characters (code points) of UTF-8 bytes: every byte that does not
	 * continue a character starts one.
	 * @param bytes the bytes
	 * @param from the first byte
	 * @param to the end (exclusive)
	 * @return the number of characters
	 */
	static long codePoints(byte[] bytes, int from, int to) {
		long count = 0;
		for (int i = from; i < to; i++) {
			count += ((bytes[i] & 0xC0) != 0x80) ? 1 : 0;
		}
		return count;
	}

	/**
	 * Returns how many of the bytes end on a whole UTF-8 character: all of them, or fewer
	 * when the last character was cut in two.
	 * @param bytes the bytes
	 * @return the length to keep
	 */
	static int boundary(byte[] bytes) {
		int start = bytes.length - 1;
		while (start > 0 && start > bytes.length - 4 && (bytes[start] & 0xC0) == 0x80) {
			start--;
		}
		if (start < 0) {
			return 0;
		}
		int lead = bytes[start] & 0xFF;
		int length = (lead >= 0xF0) ? 4 : (lead >= 0xE0) ? 3 : (lead >= 0xC0) ? 2 : 1;
		return (start + length > bytes.length) ? start : bytes.length;
	}

	/**
	 * Returns where the first byte is that text may not hold: NUL, or a control character
	 * other than tab, line feed and carriage return (or DEL).
	 * @param bytes the bytes
	 * @param from the first byte to look at
	 * @param to the end (exclusive)
	 * @return the offset, or -1
	 */
	static int firstControl(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (isControl(bytes[i])) {
				return i;
			}
		}
		return -1;
	}

	static boolean isControl(byte b) {
		return (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f;
	}

	static String controlReason(String where, byte b, long offset) {
		String what = (b == 0) ? "a NUL byte"
				: "the control character U+" + String.format(Locale.ROOT, "%04X", b & 0xff);
		return "garbled: " + where + " holds " + what + " at byte " + offset;
	}

}
