package dev.kfleet.hosts;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.kfleet.hosts.LabelSelector.Operator;
import dev.kfleet.hosts.LabelSelector.Requirement;
import dev.kfleet.platform.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LabelSelectorParserTests {

	@Test
	void parsesEveryOperatorOfTheKubernetesSyntax() {
		LabelSelector selector = LabelSelector
			.parse("env=prod, tier==web,zone!=a, rack in (r1, r2),dc notin (x),canary,!legacy");
		assertThat(selector.requirements()).containsExactly(new Requirement("env", Operator.EQUALS, List.of("prod")),
				new Requirement("tier", Operator.EQUALS, List.of("web")),
				new Requirement("zone", Operator.NOT_EQUALS, List.of("a")),
				new Requirement("rack", Operator.IN, List.of("r1", "r2")),
				new Requirement("dc", Operator.NOT_IN, List.of("x")),
				new Requirement("canary", Operator.EXISTS, List.of()),
				new Requirement("legacy", Operator.NOT_EXISTS, List.of()));
	}

	@Test
	void acceptsPrefixedKeysAndEmptyValues() {
		assertThat(LabelSelector.parse("kfleet.dev/pool=,example.com/team=k8s").requirements()).containsExactly(
				new Requirement("kfleet.dev/pool", Operator.EQUALS, List.of("")),
				new Requirement("example.com/team", Operator.EQUALS, List.of("k8s")));
	}

	@Test
	void aBlankSelectorSelectsEverything() {
		assertThat(LabelSelector.parse("   ").requirements()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "env=", "env==prod", "a in (b)" })
	void acceptsValidSelectors(String selector) {
		assertThat(LabelSelector.parse(selector).requirements()).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "env===prod", "env=prod=x", "rack in (r1", "rack in ()", "rack in r1", "=prod", "!",
			"env=prod,", ",env", "env prod", "bad key=1", "env=bad value", "-env=a", "Example.COM/x=1",
			"env=xyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "a>1", "rack notin", "env!prod" })
	void refusesInvalidSelectorsSayingWhere(String selector) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> LabelSelector.parse(selector))
			.satisfies((ex) -> {
				assertThat(ex.violations()).singleElement()
					.satisfies((violation) -> assertThat(violation.field()).isEqualTo("selector"));
				assertThat(ex.getMessage()).contains("at character");
			});
	}

	@Test
	void refusesSelectorsLongerThanTheLimit() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> LabelSelector.parse("a=b,".repeat(1100) + "a=b"));
	}

}
