package dev.kfleet.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.OpenApiContract;
import dev.kfleet.RawHttp;
import dev.kfleet.agents.AgentReports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of {@code openapi.yaml}, sent malformed and hostile values in every
 * parameter and every body member (recursively), with valid credentials: no answer is a
 * 5xx, every error is a problem document the contract documents, and nothing is logged
 * with a stack trace. Driven by the contract, so a new operation is fuzzed as soon as it
 * is declared; seeded, so a run can be repeated.
 */
@KfleetIntegrationTest
class ContractFuzzIntegrationTests {

	static final long SEED = 20261206L;

	/**
	 * Hostile values per place of a body (NUL and control characters always among them).
	 */
	static final int PER_PLACE = 6;

	@LocalServerPort
	int port;

	@Test
	void noHostileRequestGetsA5xxAnUndocumentedAnswerOrAStackTrace() {
		Fixture fixture = Fixture.create(this.port);
		AtomicLong sequence = new AtomicLong(1);
		Samples samples = new Samples(
				Map.of("HostReport", () -> BodyMutations.JSON.readTree(AgentReports.report(AgentReports.HVO_ON_128))),
				true);
		FuzzCases cases = new FuzzCases(samples, new BodyMutations(new Random(SEED), PER_PLACE), fixture.ids(),
				fixture.credentials(), Map.of("checkIn", checkIn(sequence)));
		RawHttp http = new RawHttp(this.port);
		List<String> failures = new ArrayList<>();
		int sent = 0;
		try (LogCapture logs = LogCapture.attach()) {
			for (Operation operation : Operation.all()) {
				for (FuzzRequest request : cases.of(operation)) {
					check(request, http.send(request.operation().method(), request.target(), request.headers(),
							request.body()), failures);
					sent++;
				}
			}
			assertThat(failures).as("%d of %d requests", failures.size(), sent).isEmpty();
			assertThat(logs.stackTraces()).as("logged with a stack trace").isEmpty();
		}
		assertThat(sent).isGreaterThan(1_000);
	}

	private static void check(FuzzRequest request, ApiResponse response, List<String> failures) {
		Operation operation = request.operation();
		String answer = response.status() + " " + FuzzRequest.abbreviate(response.body());
		if (response.status() >= 500) {
			failures.add(request + " → " + answer);
			return;
		}
		if (response.status() >= 400
				&& (response.contentType() == null || !response.contentType().startsWith("application/problem+json"))) {
			failures.add(request + " → not a problem document: " + response.contentType() + " " + answer);
			return;
		}
		try {
			OpenApiContract.get()
				.assertResponseMatches(operation.method(), operation.path(), response.status(), response.contentType(),
						response.body());
		}
		catch (AssertionError ex) {
			failures.add(request + " → " + FuzzRequest.abbreviate(String.valueOf(ex.getMessage())));
		}
	}

	/**
	 * A check-in's body keeps its other rules while one member is hostile: its sequence
	 * grows, and its hash is the SHA-256 of the report's text as sent.
	 */
	private static BiFunction<BodyMutations.Mutation, JsonNode, String> checkIn(AtomicLong sequence) {
		return (mutation, valid) -> {
			ObjectNode body = (ObjectNode) valid.deepCopy();
			List<Object> at = mutation.at();
			if (!at.equals(List.of("sequence"))) {
				body.put("sequence", sequence.incrementAndGet());
			}
			boolean inReport = !at.isEmpty() && "report".equals(at.getFirst()) && at.size() > 1;
			String report = inReport
					? new BodyMutations.Mutation(at.subList(1, at.size()), mutation.label(), mutation.raw())
						.apply(body.get("report"))
					: BodyMutations.JSON.writeValueAsString(body.get("report"));
			if (!at.equals(List.of("reportHash"))) {
				body.put("reportHash", AgentReports.sha256(report));
			}
			if (inReport) {
				return new BodyMutations.Mutation(List.of("report"), mutation.label(), report).apply(body);
			}
			return (at.isEmpty() && mutation.raw().isEmpty()) ? BodyMutations.JSON.writeValueAsString(body)
					: mutation.apply(body);
		};
	}

}
