package dev.kfleet.hosts;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.kfleet.hosts.LabelSelector.Operator;
import dev.kfleet.hosts.LabelSelector.Requirement;
import dev.kfleet.platform.ApiException;

/**
 * A recursive-descent parser of the Kubernetes label selector syntax:
 *
 * <pre>
 * selector    = [ requirement { "," requirement } ]
 * requirement = "!" key | key [ ( "=" | "==" | "!=" ) value | ( "in" | "notin" ) "(" value { "," value } ")" ]
 * </pre>
 *
 * Keys and values are checked like label keys and values. Errors name the position.
 */
final class LabelSelectorParser {

	static final int MAX_LENGTH = 4096;

	private static final String SPECIAL = "!=(),";

	private final String input;

	private int position;

	LabelSelectorParser(String input) {
		this.input = input;
	}

	LabelSelector parse() {
		if (this.input.length() > MAX_LENGTH) {
			throw ApiException.invalid("selector", "is longer than " + MAX_LENGTH + " characters");
		}
		List<Requirement> requirements = new ArrayList<>();
		if (peekToken() == null) {
			return LabelSelector.EVERYTHING;
		}
		requirements.add(requirement());
		while (peekToken() != null) {
			expect(",");
			requirements.add(requirement());
		}
		return new LabelSelector(requirements);
	}

	private Requirement requirement() {
		if ("!".equals(peekToken())) {
			nextToken();
			return new Requirement(key(), Operator.NOT_EXISTS, List.of());
		}
		String key = key();
		String next = peekToken();
		if (next == null || ",".equals(next)) {
			return new Requirement(key, Operator.EXISTS, List.of());
		}
		nextToken();
		return switch (next) {
			case "=", "==" -> new Requirement(key, Operator.EQUALS, List.of(value()));
			case "!=" -> new Requirement(key, Operator.NOT_EQUALS, List.of(value()));
			case "in" -> new Requirement(key, Operator.IN, valueSet());
			case "notin" -> new Requirement(key, Operator.NOT_IN, valueSet());
			default -> throw error("expected one of =, ==, !=, in, notin after '" + key + "' but found '" + next + "'");
		};
	}

	private String key() {
		int start = skipSpaces();
		String key = nextToken();
		if (key == null || isSpecial(key)) {
			throw error("expected a label key");
		}
		String problem = Labels.keyProblem(key);
		if (problem != null) {
			throw error(start, "invalid key '" + key + "': " + problem);
		}
		return key;
	}

	private String value() {
		int start = skipSpaces();
		String next = peekToken();
		if (next == null || ",".equals(next) || ")".equals(next)) {
			return "";
		}
		String value = nextToken();
		if (value == null || isSpecial(value)) {
			throw error("expected a label value");
		}
		String problem = Labels.valueProblem(value);
		if (problem != null) {
			throw error(start, "invalid value '" + value + "': " + problem);
		}
		return value;
	}

	private List<String> valueSet() {
		expect("(");
		List<String> values = new ArrayList<>();
		values.add(value());
		while (",".equals(peekToken())) {
			nextToken();
			values.add(value());
		}
		expect(")");
		if (values.size() == 1 && values.getFirst().isEmpty()) {
			throw error("'in' and 'notin' need at least one value");
		}
		return values;
	}

	private void expect(String token) {
		skipSpaces();
		String found = nextToken();
		if (!token.equals(found)) {
			throw error("expected '" + token + "' but found " + ((found != null) ? "'" + found + "'" : "the end"));
		}
	}

	private @Nullable String peekToken() {
		int saved = this.position;
		String token = nextToken();
		this.position = saved;
		return token;
	}

	private @Nullable String nextToken() {
		skipSpaces();
		if (this.position >= this.input.length()) {
			return null;
		}
		char c = this.input.charAt(this.position);
		if (c == '=' || c == '!') {
			boolean twoChar = this.position + 1 < this.input.length() && this.input.charAt(this.position + 1) == '=';
			this.position += twoChar ? 2 : 1;
			return twoChar ? c + "=" : String.valueOf(c);
		}
		if (SPECIAL.indexOf(c) >= 0) {
			this.position++;
			return String.valueOf(c);
		}
		int start = this.position;
		while (this.position < this.input.length() && !isBoundary(this.input.charAt(this.position))) {
			this.position++;
		}
		return this.input.substring(start, this.position);
	}

	private int skipSpaces() {
		while (this.position < this.input.length() && Character.isWhitespace(this.input.charAt(this.position))) {
			this.position++;
		}
		return this.position;
	}

	private static boolean isBoundary(char c) {
		return Character.isWhitespace(c) || SPECIAL.indexOf(c) >= 0;
	}

	private static boolean isSpecial(String token) {
		return token.length() <= 2 && SPECIAL.indexOf(token.charAt(0)) >= 0;
	}

	private ApiException error(String message) {
		return error(this.position, message);
	}

	private ApiException error(int at, String message) {
		return ApiException.invalid("selector", message + " (at character " + (at + 1) + ")");
	}

}
