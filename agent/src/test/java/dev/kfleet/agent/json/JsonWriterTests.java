package dev.kfleet.agent.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JsonWriterTests {

	@Test
	void writesMembersInTheOrderGiven() {
		Map<String, Object> tree = new LinkedHashMap<>();
		tree.put("z", 1L);
		tree.put("a", List.of(true, false));
		tree.put("m", null);
		assertThat(Json.write(tree, false)).isEqualTo("{\"z\":1,\"a\":[true,false],\"m\":null}");
	}

	@Test
	void indentsByTwoSpacesWhenPretty() {
		Map<String, Object> tree = new LinkedHashMap<>();
		tree.put("a", List.of(1L, Map.of()));
		tree.put("b", List.of());
		assertThat(Json.write(tree, true)).isEqualTo("{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}");
	}

	@Test
	void escapesQuotesBackslashesAndControlCharacters() {
		assertThat(Json.write("a\"b\\c\n\r\t\b\f\u0001\u007f\u2028", false))
			.isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u007f\\u2028\"");
	}

	@Test
	void keepsNonAsciiTextAndPairedSurrogatesAsTheyAre() {
		assertThat(Json.write("größe 😀", false)).isEqualTo("\"größe 😀\"");
	}

	@Test
	void escapesLoneSurrogatesSoTheOutputIsValidUtf8() {
		assertThat(Json.write("a\uD800b\uDC00", false)).isEqualTo("\"a\\ud800b\\udc00\"");
	}

	@Test
	void writesLongsAndBigNumbersExactly() {
		assertThat(Json.write(List.of(Long.MAX_VALUE, Long.MIN_VALUE, new BigInteger("123456789012345678901234567890"),
				new BigDecimal("1e-3")), false))
			.isEqualTo("[9223372036854775807,-9223372036854775808,123456789012345678901234567890,0.001]");
	}

	@Test
	void refusesFloatingPointNumbersThatCouldLosePrecision() {
		assertThatIllegalArgumentException().isThrownBy(() -> Json.write(1.5d, false));
	}

	@Test
	void refusesAValueWithoutANameInsideAnObject() {
		JsonWriter writer = new JsonWriter(new StringBuilder(), false).beginObject();
		assertThatIllegalStateException().isThrownBy(() -> writer.value(1));
	}

	@Test
	void refusesUnbalancedEndsAndASecondTopLevelValue() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new JsonWriter(new StringBuilder(), false).beginArray().endObject());
		assertThatIllegalStateException()
			.isThrownBy(() -> new JsonWriter(new StringBuilder(), false).value(1).value(2));
	}

	@Test
	void finishRefusesAnIncompleteDocument() {
		JsonWriter writer = new JsonWriter(new StringBuilder(), false).beginObject().name("a");
		assertThatIllegalStateException().isThrownBy(writer::finish);
	}

}
