package dev.kfleet.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.kfleet.agents.AgentApiController.ActionResultBody;
import dev.kfleet.desiredstate.ActionResult;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.FieldViolation;

/**
 * The body of {@code POST /agent/v1/check-in}. It is checked by hand rather than by Bean
 * Validation, because it is the one request the service takes thousands of times a second
 * and its fields are few; the action results, when there are any, are checked by Bean
 * Validation.
 *
 * @param agentVersion the agent's version
 * @param sequence grows with every check-in of an enrollment
 * @param reportHash the report's SHA-256, lowercase hex
 * @param report the full report, when it changed
 * @param actionResults what the agent did since its last check-in
 */
record CheckInRequest(@Nullable String agentVersion, @Nullable Long sequence, @Nullable String reportHash,
		@Nullable JsonNode report, @Nullable List<ActionResultBody> actionResults) {

	static final int MAX_RESULTS = 64;

	/** The results as the desiredstate module takes them, once the request is valid. */
	List<ActionResult> results() {
		return (this.actionResults != null) ? this.actionResults.stream().map(ActionResultBody::toResult).toList()
				: List.of();
	}

	/** Refuses (400) a request that breaks the contract, naming every field that does. */
	void check(Validator validator) {
		List<FieldViolation> problems = new ArrayList<>();
		if (this.agentVersion == null || this.agentVersion.isBlank() || this.agentVersion.length() > 64) {
			problems.add(new FieldViolation("agentVersion", "must be 1 to 64 characters"));
		}
		if (this.sequence == null || this.sequence < 1) {
			problems.add(new FieldViolation("sequence", "must be a whole number of at least 1"));
		}
		if (this.reportHash == null || !isSha256(this.reportHash)) {
			problems.add(new FieldViolation("reportHash", "must be a lowercase hex SHA-256"));
		}
		if (this.actionResults != null) {
			checkResults(validator, problems);
		}
		if (!problems.isEmpty()) {
			throw ApiException.invalid(problems);
		}
	}

	private void checkResults(Validator validator, List<FieldViolation> problems) {
		List<ActionResultBody> results = this.actionResults;
		if (results.size() > MAX_RESULTS) {
			problems.add(new FieldViolation("actionResults", "at most " + MAX_RESULTS + " results per check-in"));
			return;
		}
		for (int i = 0; i < results.size(); i++) {
			ActionResultBody result = results.get(i);
			if (result == null) {
				problems.add(new FieldViolation("actionResults[" + i + "]", "must not be null"));
				continue;
			}
			Set<ConstraintViolation<ActionResultBody>> violations = validator.validate(result);
			for (ConstraintViolation<ActionResultBody> violation : violations) {
				problems.add(new FieldViolation("actionResults[" + i + "]." + violation.getPropertyPath(),
						violation.getMessage()));
			}
		}
	}

	private static boolean isSha256(String hash) {
		if (hash.length() != 64) {
			return false;
		}
		for (int i = 0; i < hash.length(); i++) {
			char c = hash.charAt(i);
			if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
				return false;
			}
		}
		return true;
	}

}
