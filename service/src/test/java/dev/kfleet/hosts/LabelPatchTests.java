package dev.kfleet.hosts;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.kfleet.platform.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LabelPatchTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Map<String, String> LABELS = Map.of("env", "dev", "canary", "true", "team", "k");

	@Test
	void setsRemovesAndKeepsLabelsAsRfc7396Says() {
		assertThat(patch("{\"labels\":{\"env\":\"prod\",\"canary\":null,\"rack\":\"r1\"}}").applyTo(LABELS))
			.isEqualTo(Map.of("env", "prod", "team", "k", "rack", "r1"));
	}

	@Test
	void nullLabelsRemoveEveryLabel() {
		assertThat(patch("{\"labels\":null}").applyTo(LABELS)).isEmpty();
	}

	@Test
	void anEmptyPatchChangesNothing() {
		assertThat(patch("{}").applyTo(LABELS)).isEqualTo(LABELS);
		assertThat(patch("{\"labels\":{}}").applyTo(LABELS)).isEqualTo(LABELS);
	}

	@Test
	void refusesEverythingButAnObjectOfStringsAndNulls() {
		for (String body : new String[] { "[]", "\"x\"", "{\"hostname\":\"h\"}", "{\"labels\":[]}",
				"{\"labels\":{\"a\":1}}", "{\"labels\":{\"a\":{\"b\":\"c\"}}}" }) {
			assertThatExceptionOfType(ApiException.class).as(body).isThrownBy(() -> patch(body));
		}
	}

	private static LabelPatch patch(String json) {
		return LabelPatch.from(JSON.readTree(json));
	}

}
