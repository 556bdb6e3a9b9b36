package dev.kfleet.desiredstate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kfleet.platform.FieldViolation;

import static org.assertj.core.api.Assertions.assertThat;

class ActionTypesTests {

	@Test
	void acceptsTheKnownActions() {
		assertThat(ActionTypes.problems(0, "hvo.set-switch", Map.of("enabled", true))).isEmpty();
		assertThat(ActionTypes.problems(0, "hvo.set-switch", Map.of("enabled", false, "persist", true))).isEmpty();
		assertThat(ActionTypes.problems(0, "hvo.rebuild-free-pages", Map.of())).isEmpty();
		assertThat(ActionTypes.problems(0, "hvo.rebuild-free-pages",
				Map.of("pageSizeBytes", List.of(2_097_152, 1_073_741_824L))))
			.isEmpty();
		assertThat(ActionTypes.problems(0, "vduse.load-modules", Map.of())).isEmpty();
		assertThat(ActionTypes.problems(0, "vduse.load-modules", Map.of("persist", false))).isEmpty();
	}

	@Test
	void refusesLoadingVduseModulesWithParametersItDoesNotTake() {
		assertThat(fields(ActionTypes.problems(1, "vduse.load-modules", Map.of("persist", "yes"))))
			.containsExactly("actions[1].parameters.persist");
		assertThat(fields(ActionTypes.problems(1, "vduse.load-modules", Map.of("modules", List.of("vduse")))))
			.containsExactly("actions[1].parameters.modules");
		assertThat(ActionTypes.problems(0, "vduse.load", Map.of()).getFirst().message()).isEqualTo(
				"unknown action 'vduse.load'; known: hvo.set-switch, hvo.rebuild-free-pages, vduse.load-modules");
	}

	@Test
	void refusesAnythingElse() {
		assertThat(fields(ActionTypes.problems(2, "shell", Map.of()))).containsExactly("actions[2].type");
		assertThat(fields(ActionTypes.problems(0, "hvo.set-switch", Map.of("enabled", 1))))
			.containsExactly("actions[0].parameters.enabled");
		assertThat(fields(ActionTypes.problems(0, "hvo.set-switch", Map.of("enabled", true, "now", true))))
			.containsExactly("actions[0].parameters.now");
		assertThat(fields(ActionTypes.problems(0, "hvo.rebuild-free-pages", Map.of("pageSizeBytes", List.of()))))
			.containsExactly("actions[0].parameters.pageSizeBytes");
		assertThat(fields(ActionTypes.problems(0, "hvo.rebuild-free-pages", Map.of("pageSizeBytes", "2M"))))
			.containsExactly("actions[0].parameters.pageSizeBytes");
	}

	private static List<String> fields(List<FieldViolation> problems) {
		return problems.stream().map(FieldViolation::field).toList();
	}

}
