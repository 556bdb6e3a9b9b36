package dev.kfleet.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enrollment secrets, enrollments and check-in bodies for the tests.
 */
final class AgentFixtures {

	private AgentFixtures() {
	}

	/** A new enrollment secret's value. */
	static String enrollmentSecret(ApiClient admin) {
		ApiResponse created = admin.post("/api/v1/enrollment-secrets", "{\"name\":\"test-" + UUID.randomUUID() + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("value").stringValue();
	}

	static String enrollment(String machineId, String hostname) {
		return """
				{"machineId":"%s","hostname":"%s","kernelRelease":"6.18.44","agentVersion":"0.1.0"}"""
			.formatted(machineId, hostname);
	}

	static String checkIn(long sequence, String reportJson) {
		return """
				{"agentVersion":"0.1.0","sequence":%d,"reportHash":"%s","report":%s}""".formatted(sequence,
				AgentReports.sha256(reportJson), reportJson);
	}

	static String checkInHashOnly(long sequence, String reportJson) {
		return """
				{"agentVersion":"0.1.0","sequence":%d,"reportHash":"%s"}""".formatted(sequence,
				AgentReports.sha256(reportJson));
	}

	/**
	 * A host's history (first page), newest first, one node per changed field
	 * ({@code field}, {@code from}, {@code to}); each entry's fields in their order.
	 */
	static List<JsonNode> changedFields(ApiClient admin, String hostId) {
		List<JsonNode> fields = new ArrayList<>();
		admin.get("/api/v1/hosts/{id}/history", hostId)
			.json()
			.get("items")
			.forEach((entry) -> entry.get("changes").forEach(fields::add));
		return fields;
	}

	/** An enrolled agent: its host and its token. */
	record Agent(String hostId, String token) {

		static Agent enroll(ApiClient anonymous, String secret, String hostnamePrefix) {
			ApiResponse enrolled = anonymous.as(secret)
				.post("/agent/v1/enroll", enrollment("m-" + UUID.randomUUID(),
						hostnamePrefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
			assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
			return new Agent(enrolled.json().get("hostId").stringValue(),
					enrolled.json().get("hostToken").stringValue());
		}

	}

}
