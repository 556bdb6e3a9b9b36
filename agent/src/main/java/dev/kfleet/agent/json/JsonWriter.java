package dev.kfleet.agent.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes one JSON document into a {@link StringBuilder}. Keys are written in the order
 * they are given, so documents are deterministic. Misuse (a value where a name is
 * expected, unbalanced ends) throws {@link IllegalStateException}. Output is compact, or
 * indented by two spaces when {@code pretty}.
 */
public final class JsonWriter {

	private static final String HEX = "0123456789abcdef";

	private final StringBuilder out;

	private final boolean pretty;

	private final Deque<Scope> scopes = new ArrayDeque<>();

	private boolean done;

	public JsonWriter(StringBuilder out, boolean pretty) {
		this.out = out;
		this.pretty = pretty;
	}

	public JsonWriter beginObject() {
		beforeValue();
		append('{');
		this.scopes.push(new Scope(true));
		return this;
	}

	public JsonWriter endObject() {
		return end(true, '}');
	}

	public JsonWriter beginArray() {
		beforeValue();
		append('[');
		this.scopes.push(new Scope(false));
		return this;
	}

	public JsonWriter endArray() {
		return end(false, ']');
	}

	/**
	 * Writes the name of the next member of the current object.
	 * @param name the member name
	 * @return this writer
	 */
	public JsonWriter name(String name) {
		Scope scope = this.scopes.peek();
		if (scope == null || !scope.object || scope.expectingValue) {
			throw new IllegalStateException("A name is only allowed inside an object, before a value");
		}
		separate(scope);
		string(name);
		append(this.pretty ? ": " : ":");
		scope.expectingValue = true;
		return this;
	}

	public JsonWriter value(String value) {
		if (value == null) {
			return nullValue();
		}
		beforeValue();
		string(value);
		return this;
	}

	public JsonWriter value(long value) {
		beforeValue();
		append(Long.toString(value));
		return this;
	}

	public JsonWriter value(boolean value) {
		beforeValue();
		append(value ? "true" : "false");
		return this;
	}

	/**
	 * Writes an exact number: integers in full, decimals in plain notation.
	 * @param value the number ({@link Long}, {@link Integer}, {@link BigInteger} or
	 * {@link BigDecimal}; other types are rejected so that no precision is lost silently)
	 * @return this writer
	 */
	public JsonWriter value(Number value) {
		if (value == null) {
			return nullValue();
		}
		String text = switch (value) {
			case Long l -> l.toString();
			case Integer i -> i.toString();
			case Short s -> s.toString();
			case BigInteger b -> b.toString();
			case BigDecimal d -> d.toPlainString();
			default -> throw new IllegalArgumentException("Inexact number type " + value.getClass().getName());
		};
		beforeValue();
		append(text);
		return this;
	}

	public JsonWriter nullValue() {
		beforeValue();
		append("null");
		return this;
	}

	/**
	 * Checks that the document is complete.
	 * @throws IllegalStateException if an object or array is still open or nothing was
	 * written
	 */
	public void finish() {
		if (!this.scopes.isEmpty() || !this.done) {
			throw new IllegalStateException("Incomplete JSON document");
		}
	}

	private JsonWriter end(boolean object, char close) {
		Scope scope = this.scopes.peek();
		if (scope == null || scope.object != object || scope.expectingValue) {
			throw new IllegalStateException("Unbalanced end of " + (object ? "object" : "array"));
		}
		this.scopes.pop();
		if (scope.count > 0) {
			newline();
		}
		append(close);
		if (this.scopes.isEmpty()) {
			this.done = true;
		}
		return this;
	}

	private void beforeValue() {
		Scope scope = this.scopes.peek();
		if (scope == null) {
			if (this.done) {
				throw new IllegalStateException("Only one top-level value is allowed");
			}
			this.done = true;
			return;
		}
		if (scope.object) {
			if (!scope.expectingValue) {
				throw new IllegalStateException("A value inside an object needs a name first");
			}
			scope.expectingValue = false;
			scope.count++;
			return;
		}
		separate(scope);
	}

	private void separate(Scope scope) {
		if (scope.count > 0) {
			append(',');
		}
		if (!scope.object) {
			scope.count++;
		}
		newline();
	}

	private void newline() {
		if (this.pretty) {
			append('\n');
			append("  ".repeat(this.scopes.size()));
		}
	}

	private void string(String value) {
		append('"');
		int plain = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!needsEscape(c)) {
				continue;
			}
			append(value, plain, i);
			plain = i + 1;
			switch (c) {
				case '"' -> append("\\\"");
				case '\\' -> append("\\\\");
				case '\n' -> append("\\n");
				case '\r' -> append("\\r");
				case '\t' -> append("\\t");
				case '\b' -> append("\\b");
				case '\f' -> append("\\f");
				default -> character(value, i, c);
			}
		}
		append(value, plain, value.length());
		append('"');
	}

	/**
	 * Whether a character cannot be copied as it is: quotes, backslashes, controls, the
	 * JavaScript line separators and surrogates (a lone one is escaped).
	 */
	private static boolean needsEscape(char c) {
		if (c >= 0x20 && c < 0x7f) {
			return c == '"' || c == '\\';
		}
		return c < 0x20 || c == '"' || c == '\\' || c == 0x7f || c == '\u2028' || c == '\u2029'
				|| Character.isSurrogate(c);
	}

	private void character(String value, int i, char c) {
		boolean loneSurrogate = Character.isHighSurrogate(c)
				&& (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
				|| Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
		if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == 0x7f || loneSurrogate) {
			append("\\u");
			for (int shift = 12; shift >= 0; shift -= 4) {
				append(HEX.charAt((c >> shift) & 0xf));
			}
		}
		else {
			append(c);
		}
	}

	private void append(String text) {
		this.out.append(text);
	}

	private void append(String text, int start, int end) {
		this.out.append(text, start, end);
	}

	private void append(char c) {
		this.out.append(c);
	}

	private static final class Scope {

		private final boolean object;

		private int count;

		private boolean expectingValue;

		Scope(boolean object) {
			this.object = object;
		}

	}

}
