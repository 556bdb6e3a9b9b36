package dev.kfleet.agent.json;

import java.util.LinkedHashMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever tree {@link Json} writes, {@link JsonReader} reads back equal, compact or
 * pretty.
 */
class JsonRoundTripPropertyTests {

	@Property(tries = 500)
	void readingWhatWasWrittenGivesTheSameTree(@ForAll("trees") Object tree) {
		assertThat(JsonReader.parse(Json.write(tree, false))).isEqualTo(tree);
		assertThat(JsonReader.parse(Json.write(tree, true))).isEqualTo(tree);
	}

	@Property(tries = 500)
	void anyStringSurvivesTheRoundTrip(@ForAll String text) {
		assertThat(JsonReader.parse(Json.write(text, false))).isEqualTo(text);
	}

	@Provide
	Arbitrary<Object> trees() {
		return tree(4);
	}

	private static Arbitrary<Object> tree(int depth) {
		Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).map((s) -> (Object) s),
				Arbitraries.longs().map((l) -> (Object) l), Arbitraries.of(true, false).map((b) -> (Object) b),
				Arbitraries.just(null));
		if (depth == 0) {
			return leaf;
		}
		Arbitrary<Object> child = tree(depth - 1);
		Arbitrary<Object> list = child.list().ofMaxSize(4).map((l) -> (Object) l);
		Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), child)
			.ofMaxSize(4)
			.map((m) -> (Object) new LinkedHashMap<>(m));
		return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, list), Tuple.of(1, map));
	}

}
