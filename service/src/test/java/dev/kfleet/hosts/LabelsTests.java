package dev.kfleet.hosts;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LabelsTests {

	@ParameterizedTest
	@ValueSource(strings = { "env", "a", "A-b_c.d", "kfleet.dev/env", "a.b-c.d/e",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	void acceptsKubernetesKeys(String key) {
		assertThat(Labels.keyProblem(key)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-a", "a-", "a b", "/a", "a/", "UPPER.dev/a", "a/b/c", "é" })
	void refusesInvalidKeys(String key) {
		assertThat(Labels.keyProblem(key)).isNotNull();
	}

	@Test
	void limitsNamesTo63AndPrefixesTo253Characters() {
		assertThat(Labels.keyProblem("x".repeat(64))).isNotNull();
		String prefix = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
		assertThat(prefix).hasSize(253);
		assertThat(Labels.keyProblem(prefix + "/n")).isNull();
		assertThat(Labels.keyProblem(prefix + "d/n")).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "prod", "v1.2_3-x" })
	void acceptsKubernetesValues(String value) {
		assertThat(Labels.valueProblem(value)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { " ", "a b", "-a", "a.", "a/b" })
	void refusesInvalidValues(String value) {
		assertThat(Labels.valueProblem(value)).isNotNull();
	}

	@Test
	void refusesMoreThan64Labels() {
		Map<String, String> labels = new HashMap<>();
		for (int i = 0; i <= Labels.MAX_LABELS; i++) {
			labels.put("k" + i, "v");
		}
		assertThat(Labels.problems(labels)).extracting("field").containsExactly("labels");
	}

	@Test
	void namesEachBadLabel() {
		assertThat(Labels.problems(Map.of("ok", "fine", "bad key", "x", "k", "bad value"))).extracting("field")
			.containsExactlyInAnyOrder("labels.bad key", "labels.k");
	}

	@Test
	void aNullValueIsAProblemOfItsOwn() {
		Map<String, String> labels = new HashMap<>();
		labels.put("rack", null);
		assertThat(Labels.problems(labels))
			.containsExactly(new dev.kfleet.platform.FieldViolation("labels.rack", "must be a string"));
	}

}
