package dev.kfleet.agents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import dev.kfleet.agents.AgentApiController.ActionResultBody;
import dev.kfleet.desiredstate.ActionResult;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.FieldViolation;
import dev.kfleet.platform.Secrets;
import dev.kfleet.platform.Text;

/**
 * The body of {@code POST /agent/v1/check-in}. It is read and checked by hand rather than
 * bound and checked by Bean Validation, because it is the one request the service takes
 * thousands of times a second, its fields are few, and the report's text is kept as it
 * came; the action results, when there are any, are bound and checked by Bean Validation.
 *
 * @param agentVersion the agent's version
 * @param sequence grows with every check-in of an enrollment
 * @param reportHash the SHA-256 (lowercase hex) of the report's text as sent
 * @param report the full report, when it changed
 * @param reportText the report as the agent sent it
 * @param actionResults what the agent did since its last check-in
 */
record CheckInRequest(@Nullable String agentVersion, @Nullable Long sequence, @Nullable String reportHash,
		@Nullable JsonNode report, @Nullable String reportText, @Nullable List<ActionResultBody> actionResults) {

	static final int MAX_RESULTS = 64;

	/** The largest sequence: 2^53 − 1, an integer every JSON reader holds exactly. */
	static final long MAX_SEQUENCE = 9_007_199_254_740_991L;

	/**
	 * Reads a check-in body in one pass. The report is kept twice: as a tree (to validate
	 * it and take what the service tracks) and as the exact text the agent sent (to store
	 * it without writing it out again; its SHA-256 is the report hash the agent
	 * computed).
	 * @param body the request body (UTF-8 JSON)
	 * @param json readers of the service's mapper (unknown members are refused, as
	 * everywhere)
	 * @return the request, not yet {@linkplain #check checked}
	 * @throws ApiException (400) if the body is not a JSON object of the expected shape
	 */
	static CheckInRequest read(byte[] body, Reader json) {
		try (JsonParser parser = json.mapper.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new ApiException(ApiProblem.MALFORMED_BODY, "A check-in is a JSON object");
			}
			Fields fields = new Fields();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				if (!fields.seen.add(name)) {
					throw ApiException.invalid(name, "appears twice");
				}
				JsonToken value = parser.nextToken();
				switch (name) {
					case "agentVersion" -> fields.agentVersion = string(parser, name);
					case "reportHash" -> fields.reportHash = string(parser, name);
					case "sequence" -> fields.sequence = (value == JsonToken.VALUE_NULL) ? null : sequence(parser);
					case "report" -> readReport(parser, body, json, fields);
					case "actionResults" -> fields.actionResults = json.results.readValue(parser);
					default -> throw ApiException.invalid(name, "is not a member of a check-in");
				}
			}
			if (parser.nextToken() != null) {
				throw new ApiException(ApiProblem.MALFORMED_BODY, "A check-in is one JSON object and nothing after it");
			}
			return new CheckInRequest(fields.agentVersion, fields.sequence, fields.reportHash, fields.report,
					fields.reportText, fields.actionResults);
		}
		catch (JacksonException ex) {
			throw ApiException.malformed(ex);
		}
	}

	private static void readReport(JsonParser parser, byte[] body, Reader json, Fields fields) {
		long start = parser.currentTokenLocation().getByteOffset();
		JsonNode report = json.tree.readValue(parser);
		if (report == null || report.isNull()) {
			return;
		}
		long end = parser.currentTokenLocation().getByteOffset() + 1;
		fields.report = report;
		// Offsets are known for UTF-8, the encoding of JSON (RFC 8259); otherwise the
		// tree
		// is written out.
		fields.reportText = (report.isContainer() && start >= 0 && end <= body.length)
				? new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8)
				: json.mapper.writeValueAsString(report);
	}

	private static @Nullable String string(JsonParser parser, String name) {
		return switch (parser.currentToken()) {
			case VALUE_STRING -> parser.getString();
			case VALUE_NULL -> null;
			default -> throw ApiException.invalid(name, "must be a string");
		};
	}

	private static long sequence(JsonParser parser) {
		if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || !fitsInLong(parser)) {
			throw ApiException.invalid("sequence", "must be a whole number from 1 to " + MAX_SEQUENCE);
		}
		return parser.getLongValue();
	}

	private static boolean fitsInLong(JsonParser parser) {
		JsonParser.NumberType type = parser.getNumberType();
		return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
	}

	/**
	 * The service's mapper, and readers for the members that are read as a whole.
	 */
	static final class Reader {

		private final JsonMapper mapper;

		private final ObjectReader tree;

		private final ObjectReader results;

		Reader(JsonMapper mapper) {
			this.mapper = mapper;
			this.tree = mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
			this.results = mapper.readerForListOf(ActionResultBody.class)
				.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		}

	}

	/** The members read so far. */
	private static final class Fields {

		private final Set<String> seen = new HashSet<>();

		private @Nullable String agentVersion;

		private @Nullable Long sequence;

		private @Nullable String reportHash;

		private @Nullable JsonNode report;

		private @Nullable String reportText;

		private @Nullable List<ActionResultBody> actionResults;

	}

	/** The results as the desiredstate module takes them, once the request is valid. */
	List<ActionResult> results() {
		return (this.actionResults != null) ? this.actionResults.stream().map(ActionResultBody::toResult).toList()
				: List.of();
	}

	/** Refuses (400) a request that breaks the contract, naming every field that does. */
	void check(Validator validator) {
		List<FieldViolation> problems = new ArrayList<>();
		if (this.agentVersion == null || this.agentVersion.isBlank() || Text.length(this.agentVersion) > 64
				|| Text.containsControlCharacter(this.agentVersion)) {
			problems.add(new FieldViolation("agentVersion", "must be 1 to 64 characters, no control characters"));
		}
		if (this.sequence == null || this.sequence < 1 || this.sequence > MAX_SEQUENCE) {
			problems.add(new FieldViolation("sequence", "must be a whole number from 1 to " + MAX_SEQUENCE));
		}
		if (this.reportHash == null || !isSha256(this.reportHash)) {
			problems.add(new FieldViolation("reportHash", "must be a lowercase hex SHA-256"));
		}
		else if (this.reportText != null
				&& !this.reportHash.equals(HexFormat.of().formatHex(Secrets.hash(this.reportText)))) {
			// The report is stored as sent; its hash must be the hash of what is stored.
			problems.add(new FieldViolation("reportHash", "is not the SHA-256 of the report sent"));
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
