package dev.kfleet.contract;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.kfleet.OpenApiContract;

/**
 * Malformed and hostile values for a place of a request, chosen by what its schema says
 * it must be: control characters and U+0000, strings over {@code maxLength} counted in
 * code points, astral characters, the wrong JSON type, numbers out of range, huge and
 * fractional, instants out of range and malformed, values outside the enum.
 *
 * @param label what the value is, for the report of a failure
 * @param text the value: raw JSON for a body, the decoded text for a parameter
 */
record Hostile(String label, String text) {

	static final String ASTRAL = "\uD83D\uDE00";

	private static final String DEEP = "{\"a\":".repeat(40) + "1" + "}".repeat(40);

	/** Raw JSON values for a body member of the schema. */
	static List<Hostile> json(JsonNode schema) {
		JsonNode document = OpenApiContract.get().document();
		JsonNode resolved = Schemas.resolve(document, schema);
		List<String> types = Schemas.types(document, resolved);
		List<Hostile> values = new ArrayList<>();
		for (Hostile text : texts(resolved)) {
			values.add(new Hostile(text.label(), quote(text.text())));
		}
		values.add(new Hostile("integer", "7"));
		values.add(new Hostile("fraction", "1.5"));
		values.add(new Hostile("huge integer", "123456789012345678901234567890"));
		values.add(new Hostile("huge exponent", "1e400"));
		values.add(new Hostile("beyond int64", "9223372036854775808"));
		values.add(new Hostile("below int64", "-9223372036854775809"));
		values.add(new Hostile("negative", "-1"));
		values.add(new Hostile("zero", "0"));
		values.add(new Hostile("boolean", "true"));
		values.add(new Hostile("null", "null"));
		values.add(new Hostile("empty object", "{}"));
		values.add(new Hostile("unknown member", "{\"fuzzUnknown\":1}"));
		values.add(new Hostile("empty array", "[]"));
		values.add(new Hostile("array of nulls", "[null,null]"));
		values.add(new Hostile("deep nesting", DEEP));
		values.add(new Hostile("deep arrays", "[".repeat(40) + "]".repeat(40)));
		values.add(new Hostile("string with NUL in a member name", "{\"a\\u0000\":\"b\"}"));
		bounds(resolved, values);
		if (types.contains("array") && resolved.has("maxItems")) {
			values.add(new Hostile("over maxItems", "[" + "{}, ".repeat(resolved.get("maxItems").asInt()) + "{}]"));
		}
		return values;
	}

	/** Texts for a parameter or a string member (decoded, not yet quoted or encoded). */
	static List<Hostile> texts(JsonNode schema) {
		List<Hostile> values = new ArrayList<>();
		values.add(new Hostile("NUL", "a\u0000b"));
		values.add(new Hostile("control characters", "a\u0001\u001b[31m\r\nforged\u007f"));
		values.add(new Hostile("tab and newline", "a\tb\nc"));
		values.add(new Hostile("astral", ASTRAL));
		values.add(new Hostile("empty", ""));
		values.add(new Hostile("blank", "   "));
		values.add(new Hostile("not of any pattern", "!!not-valid!! ../.."));
		values.add(new Hostile("unknown enum value", "bogus"));
		values.add(new Hostile("lone surrogate escaped", "\\uD800"));
		values.add(new Hostile("fraction text", "1.5"));
		values.add(new Hostile("huge number text", "99999999999999999999999999"));
		values.add(new Hostile("instant far ahead", "+1000000000-01-01T00:00:00Z"));
		values.add(new Hostile("instant after 9999", "10000-01-01T00:00:00Z"));
		values.add(new Hostile("instant before 1970", "1969-12-31T23:59:59Z"));
		values.add(new Hostile("instant at the end of 9999", "9999-12-31T23:59:59Z"));
		values.add(new Hostile("malformed instant", "2026-13-45T25:61:61Z"));
		values.add(new Hostile("not a uuid", "00000000-0000-0000-0000-00000000000g"));
		values.add(new Hostile("long", "x".repeat(10_000)));
		int max = schema.path("maxLength").asInt(0);
		if (max > 0) {
			values.add(new Hostile("maxLength + 1 astral", ASTRAL.repeat(max + 1)));
			values.add(new Hostile("maxLength astral", ASTRAL.repeat(max)));
		}
		return values;
	}

	/** Texts for a query or path parameter of the schema, URL-encoded. */
	static List<Hostile> encoded(JsonNode schema) {
		List<Hostile> values = new ArrayList<>();
		for (Hostile text : texts(schema)) {
			values.add(new Hostile(text.label(), URLEncoder.encode(text.text(), StandardCharsets.UTF_8)));
		}
		List<Hostile> numbers = new ArrayList<>();
		bounds(schema, numbers);
		numbers.forEach((number) -> values
			.add(new Hostile(number.label(), URLEncoder.encode(number.text(), StandardCharsets.UTF_8))));
		values.add(new Hostile("int32 overflow", "2147483648"));
		values.add(new Hostile("bad percent-encoding", "%ZZ"));
		values.add(new Hostile("encoded NUL only", "%00"));
		return values;
	}

	private static void bounds(JsonNode schema, List<Hostile> values) {
		if (schema.has("minimum")) {
			values.add(new Hostile("minimum - 1", Long.toString(schema.get("minimum").asLong() - 1)));
		}
		if (schema.has("maximum")) {
			values.add(new Hostile("maximum + 1",
					new java.math.BigInteger(schema.get("maximum").asString()).add(java.math.BigInteger.ONE)
						.toString()));
		}
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"') {
				quoted.append("\\\"");
			}
			else if (c == '\\' && text.startsWith("\\u", i)) {
				quoted.append(c);
			}
			else if (c == '\\') {
				quoted.append("\\\\");
			}
			else if (c < 0x20 || c == 0x7f) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

}
