package dev.kfleet.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The start of a file, and how much of it was left out: the free-form values the report
 * keeps only the start of (a command line) are read this far, and the rest only counted.
 *
 * @param bytes the bytes kept, ending on a whole UTF-8 character
 * @param droppedCharacters how many characters (code points, counting as UTF-8) were left
 * out after them; 0 when the file was read whole
 */
public record Head(byte[] bytes, long droppedCharacters) {

	/**
	 * Reads the start of a stream.
	 * @param in the stream
	 * @param keepBytes how many bytes to keep at most
	 * @param countBytes how many bytes after them to count at most; 0 to count none (the
	 * head then only says that something was left out)
	 * @return the head
	 * @throws TooLongException if more than {@code countBytes} are left
	 * @throws IOException if the stream cannot be read
	 */
	static Head read(InputStream in, int keepBytes, long countBytes) throws IOException {
		byte[] bytes = in.readNBytes(keepBytes);
		byte[] next = in.readNBytes(1);
		if (next.length == 0) {
			return new Head(bytes, 0);
		}
		int end = Text.boundary(bytes);
		long dropped = Text.codePoints(bytes, end, bytes.length) + Text.codePoints(next, 0, 1)
				+ ((countBytes > 0) ? count(in, countBytes) : 0);
		return new Head(Arrays.copyOf(bytes, end), Math.max(1, dropped));
	}

	/** Counts the characters left in a stream without keeping them. */
	private static long count(InputStream in, long countBytes) throws IOException {
		byte[] buffer = new byte[8192];
		long bytes = 0;
		long characters = 0;
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			bytes += n;
			if (bytes > countBytes) {
				throw new TooLongException();
			}
			characters += Text.codePoints(buffer, 0, n);
		}
		return characters;
	}

	/**
	 * Tells whether the file went on after the bytes kept.
	 * @return whether something was left out
	 */
	public boolean cut() {
		return this.droppedCharacters > 0;
	}

	/**
	 * Returns the length of the whole file's text.
	 * @return code points, counting as UTF-8
	 */
	public long length() {
		return Text.codePoints(this.bytes, 0, this.bytes.length) + this.droppedCharacters;
	}

	/** The file is longer than the agent will count. */
	static final class TooLongException extends IOException {

		TooLongException() {
			super("too long");
		}

	}

}
