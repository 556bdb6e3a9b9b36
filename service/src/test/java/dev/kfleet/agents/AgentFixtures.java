package dev.kfleet.agents;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
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

	private static final SecureRandom RANDOM = new SecureRandom();

	private AgentFixtures() {
	}

	/** A new enrollment secret's value. */
	static String enrollmentSecret(ApiClient admin) {
		ApiResponse created = admin.post("/api/v1/enrollment-secrets", "{\"name\":\"test-" + UUID.randomUUID() + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("value").stringValue();
	}

	/**
	 * A new enrollment secret with these members (besides its name): its id and value.
	 */
	static Secret enrollmentSecret(ApiClient admin, String members) {
		ApiResponse created = admin.post("/api/v1/enrollment-secrets",
				"{\"name\":\"test-" + UUID.randomUUID() + "\"" + (members.isEmpty() ? "" : "," + members) + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Secret(created.json().at("/secret/id").stringValue(), created.json().get("value").stringValue());
	}

	static String enrollment(String machineId, String hostname) {
		return """
				{"machineId":"%s","hostname":"%s","kernelRelease":"6.18.44","agentVersion":"0.1.0"}"""
			.formatted(machineId, hostname);
	}

	/** An enrollment with more members, e.g. {@code "requestKey":"…"}. */
	static String enrollment(String machineId, String hostname, String members) {
		return enrollment(machineId, hostname).replace("}", "," + members + "}");
	}

	/** A request key as an agent makes it: 256 random bits, base64url. */
	static String requestKey() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The fingerprint of a request key, computed here as the agent does. */
	static String fingerprint(String requestKey) {
		return AgentReports.sha256(requestKey).substring(0, 16);
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

	/** An enrollment secret: its id and its value. */
	record Secret(String id, String value) {
	}

	/** An enrolled agent: its host, its token and its machine. */
	record Agent(String hostId, String token, String machineId, String hostname) {

		static Agent enroll(ApiClient anonymous, String secret, String hostnamePrefix) {
			String machineId = "m-" + UUID.randomUUID();
			String hostname = hostnamePrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
			ApiResponse enrolled = anonymous.as(secret).post("/agent/v1/enroll", enrollment(machineId, hostname));
			assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
			return new Agent(enrolled.json().get("hostId").stringValue(),
					enrolled.json().get("hostToken").stringValue(), machineId, hostname);
		}

	}

}
