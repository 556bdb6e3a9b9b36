package dev.kfleet.agent.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonReaderTests {

	@Test
	@SuppressWarnings("unchecked")
	void readsObjectsInDocumentOrder() {
		Map<String, Object> tree = (Map<String, Object>) JsonReader
			.parse(" {\"b\": [1, -2, 3.5e1, true, false, null], \"a\": {\"x\": \"y\"}} ");
		assertThat(tree.keySet()).containsExactly("b", "a");
		assertThat((List<Object>) tree.get("b")).containsExactly(1L, -2L, new BigDecimal("3.5e1"), true, false, null);
		assertThat(tree.get("a")).isEqualTo(Map.of("x", "y"));
	}

	@Test
	void readsIntegersAsLongsAndLargerOnesAsBigIntegers() {
		assertThat(JsonReader.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
		assertThat(JsonReader.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
		assertThat(JsonReader.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
		assertThat(JsonReader.parse("-0")).isEqualTo(0L);
	}

	@Test
	void decodesEveryEscapeIncludingSurrogatePairs() {
		assertThat(JsonReader.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""))
			.isEqualTo("\"\\/\b\f\n\r\té😀");
	}

	@Test
	void readsWhatTheVdpaToolPrints() {
		Object tree = JsonReader.parse("""
				{
				    "dev": {
				        "vduse0": {
				            "type": "block",
				            "max_vqs": 1
				        }
				    }
				}
				""");
		assertThat(tree).isEqualTo(Map.of("dev", Map.of("vduse0", Map.of("type", "block", "max_vqs", 1L))));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-", "1e",
			"+1", "\"abc", "\"\t\"", "\"\\x\"", "\"\\u12\"", "tru", "nul", "[1 2]", "{\"a\":1}x", "NaN", "Infinity",
			"'a'", "/* c */1", "{\"a\":1,\"a\":2}", "\u00a01" })
	void refusesWhatRfc8259Refuses(String text) {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> JsonReader.parse(text));
	}

	@Test
	void refusesNestingDeeperThanTheLimitWithoutOverflowingTheStack() {
		String deep = "[".repeat(100_000) + "]".repeat(100_000);
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> JsonReader.parse(deep))
			.withMessageContaining("Nesting deeper than " + JsonReader.MAX_DEPTH);
		String allowed = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
		assertThat(JsonReader.parse(allowed)).isInstanceOf(List.class);
	}

	@Test
	void reportsWhereTheDocumentWentWrong() {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> JsonReader.parse("[1, x]"))
			.satisfies((ex) -> assertThat(ex.offset()).isEqualTo(4));
	}

	@Test
	void returnsUnmodifiableTrees() {
		Map<?, ?> map = (Map<?, ?>) JsonReader.parse("{\"a\":[1]}");
		assertThat(map).isUnmodifiable();
		assertThat((List<?>) map.get("a")).isUnmodifiable();
	}

}
