package dev.kfleet.agent.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one JSON document (RFC 8259) into a tree: objects become unmodifiable
 * {@link LinkedHashMap}-ordered {@link Map Maps}, arrays unmodifiable {@link List Lists},
 * strings {@link String}, integers {@link Long} (or {@link BigInteger} beyond a long),
 * other numbers {@link BigDecimal}, and {@code true}/{@code false}/{@code null} as
 * {@link Boolean} and {@code null}. It is strict: no comments, trailing commas, leading
 * zeros, unescaped control characters, duplicate keys or trailing content, and nesting
 * deeper than {@value #MAX_DEPTH} is refused.
 */
public final class JsonReader {

	/** The deepest nesting of objects and arrays that is accepted. */
	public static final int MAX_DEPTH = 256;

	private final String text;

	private int pos;

	private int depth;

	private JsonReader(String text) {
		this.text = text;
	}

	/**
	 * Parses a complete document.
	 * @param text the document
	 * @return the tree
	 * @throws JsonException if the text is not one valid JSON value
	 */
	public static Object parse(String text) {
		JsonReader reader = new JsonReader(text);
		reader.skipWhitespace();
		Object value = reader.readValue();
		reader.skipWhitespace();
		if (reader.pos != text.length()) {
			throw reader.error("Unexpected content after the document");
		}
		return value;
	}

	private Object readValue() {
		if (this.pos >= this.text.length()) {
			throw error("Unexpected end of input");
		}
		char c = this.text.charAt(this.pos);
		return switch (c) {
			case '{' -> readObject();
			case '[' -> readArray();
			case '"' -> readString();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> {
				if (c == '-' || c >= '0' && c <= '9') {
					yield readNumber();
				}
				throw error("Unexpected character '" + c + "'");
			}
		};
	}

	private Map<String, Object> readObject() {
		enter();
		Map<String, Object> map = new LinkedHashMap<>();
		this.pos++;
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
			return leave(Collections.unmodifiableMap(map));
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("Expected a member name");
			}
			int at = this.pos;
			String name = readString();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			if (map.containsKey(name)) {
				throw new JsonException("Duplicate member name \"" + name + "\"", at);
			}
			map.put(name, readValue());
			skipWhitespace();
			if (next() == '}') {
				return leave(Collections.unmodifiableMap(map));
			}
			back(',');
		}
	}

	private List<Object> readArray() {
		enter();
		List<Object> list = new ArrayList<>();
		this.pos++;
		skipWhitespace();
		if (peek() == ']') {
			this.pos++;
			return leave(Collections.unmodifiableList(list));
		}
		while (true) {
			skipWhitespace();
			list.add(readValue());
			skipWhitespace();
			if (next() == ']') {
				return leave(Collections.unmodifiableList(list));
			}
			back(',');
		}
	}

	private String readString() {
		this.pos++;
		StringBuilder sb = new StringBuilder();
		while (true) {
			if (this.pos >= this.text.length()) {
				throw error("Unterminated string");
			}
			char c = this.text.charAt(this.pos++);
			if (c == '"') {
				return sb.toString();
			}
			if (c == '\\') {
				escape(sb);
			}
			else if (c < 0x20) {
				throw error("Unescaped control character in a string");
			}
			else {
				sb.append(c);
			}
		}
	}

	private void escape(StringBuilder sb) {
		char c = next();
		switch (c) {
			case '"', '\\', '/' -> sb.append(c);
			case 'b' -> sb.append('\b');
			case 'f' -> sb.append('\f');
			case 'n' -> sb.append('\n');
			case 'r' -> sb.append('\r');
			case 't' -> sb.append('\t');
			case 'u' -> sb.append(hex4());
			default -> throw error("Invalid escape \\" + c);
		}
	}

	private char hex4() {
		if (this.pos + 4 > this.text.length()) {
			throw error("Truncated \\u escape");
		}
		int value = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(this.text.charAt(this.pos++), 16);
			if (digit < 0) {
				throw error("Invalid \\u escape");
			}
			value = value * 16 + digit;
		}
		return (char) value;
	}

	private Number readNumber() {
		int start = this.pos;
		if (peek() == '-') {
			this.pos++;
		}
		if (peek() == '0') {
			this.pos++;
		}
		else if (!digits()) {
			throw error("Invalid number");
		}
		boolean integral = true;
		if (peek() == '.') {
			this.pos++;
			integral = false;
			requireDigits();
		}
		if (peek() == 'e' || peek() == 'E') {
			this.pos++;
			integral = false;
			if (peek() == '+' || peek() == '-') {
				this.pos++;
			}
			requireDigits();
		}
		String number = this.text.substring(start, this.pos);
		if (!integral) {
			return new BigDecimal(number);
		}
		BigInteger big = new BigInteger(number);
		return (big.bitLength() < 64) ? (Number) big.longValue() : big;
	}

	private void requireDigits() {
		if (!digits()) {
			throw error("Invalid number");
		}
	}

	private boolean digits() {
		int start = this.pos;
		while (this.pos < this.text.length() && this.text.charAt(this.pos) >= '0'
				&& this.text.charAt(this.pos) <= '9') {
			this.pos++;
		}
		return this.pos > start;
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.pos)) {
			throw error("Invalid literal");
		}
		this.pos += word.length();
		return value;
	}

	private void enter() {
		if (++this.depth > MAX_DEPTH) {
			throw error("Nesting deeper than " + MAX_DEPTH);
		}
	}

	private <T> T leave(T value) {
		this.depth--;
		return value;
	}

	private void skipWhitespace() {
		while (this.pos < this.text.length()) {
			char c = this.text.charAt(this.pos);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.pos++;
		}
	}

	private char peek() {
		return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : '\0';
	}

	private char next() {
		if (this.pos >= this.text.length()) {
			throw error("Unexpected end of input");
		}
		return this.text.charAt(this.pos++);
	}

	private void back(char expected) {
		if (this.text.charAt(this.pos - 1) != expected) {
			this.pos--;
			throw error("Expected '" + expected + "'");
		}
	}

	private void expect(char expected) {
		if (peek() != expected) {
			throw error("Expected '" + expected + "'");
		}
		this.pos++;
	}

	private JsonException error(String message) {
		return new JsonException(message, this.pos);
	}

}
