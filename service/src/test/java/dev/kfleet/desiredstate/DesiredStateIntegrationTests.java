package dev.kfleet.desiredstate;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@KfleetIntegrationTest
class DesiredStateIntegrationTests {

	static final String HVO_ON = "{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true,\"persist\":true}},"
			+ "{\"type\":\"hvo.rebuild-free-pages\",\"parameters\":{}}]}";

	@LocalServerPort
	int port;

	ApiClient anonymous;

	ApiClient admin;

	ApiClient operator;

	ApiClient viewer;

	String hostToken;

	String hostId;

	@BeforeEach
	void setUp() {
		this.anonymous = new ApiClient(this.port);
		this.admin = this.anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
		this.operator = this.anonymous.as(token("operator"));
		this.viewer = this.anonymous.as(token("viewer"));
		String secret = this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"ds\"}")
			.json()
			.get("value")
			.stringValue();
		JsonNode enrolled = this.anonymous.as(secret)
			.post("/agent/v1/enroll",
					"{\"machineId\":\"m-" + UUID.randomUUID() + "\",\"hostname\":\"ds\",\"agentVersion\":\"0.1.0\"}")
			.json();
		this.hostId = enrolled.get("hostId").stringValue();
		this.hostToken = enrolled.get("hostToken").stringValue();
	}

	@Test
	void aHostNobodyAskedAnythingOfHasVersionZero() {
		JsonNode state = this.viewer.get("/api/v1/hosts/{id}/desired-state", this.hostId).json();
		assertThat(state.get("version").longValue()).isZero();
		assertThat(state.get("actions")).isEmpty();
		assertThat(checkIn(1).at("/desiredState/version").longValue()).isZero();
	}

	@Test
	void anOperatorSetsTheDesiredStateAndTheAgentReceivesItAtItsNextCheckIn() {
		ApiResponse set = this.operator.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json", HVO_ON,
				this.hostId);
		assertThat(set.status()).as(set.body()).isEqualTo(200);
		assertThat(set.json().get("version").longValue()).isEqualTo(1);
		assertThat(set.json().get("updatedBy").stringValue()).startsWith("test-operator-");
		JsonNode desired = checkIn(1).get("desiredState");
		assertThat(desired.get("version").longValue()).isEqualTo(1);
		assertThat(desired.at("/actions/0/type").stringValue()).isEqualTo("hvo.set-switch");
		assertThat(desired.at("/actions/0/parameters/enabled").booleanValue()).isTrue();
		assertThat(desired.at("/actions/1/id").stringValue()).isEqualTo("2");
		this.operator.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json", "{\"actions\":[]}",
				this.hostId);
		assertThat(checkIn(2).at("/desiredState/version").longValue()).isEqualTo(2);
	}

	@Test
	void resultsTheAgentReportsAreRecordedOnceAlsoWhenItSendsThemAgain() {
		this.operator.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json", HVO_ON, this.hostId);
		String results = """
				"actionResults":[{"desiredVersion":1,"actionId":"1","type":"hvo.set-switch","outcome":"succeeded",
				"detail":"switch 0 -> 1, persisted in /etc/sysctl.d/90-kfleet-hvo.conf",
				"startedAt":"2026-11-27T10:00:00Z","finishedAt":"2026-11-27T10:00:00.002Z","pools":[]},
				{"desiredVersion":1,"actionId":"2","type":"hvo.rebuild-free-pages","outcome":"failed",
				"detail":"pool 1048576kB regrown to 1 of 2 pages","startedAt":"2026-11-27T10:00:01Z",
				"finishedAt":"2026-11-27T10:00:02Z","pools":[{"pageSizeBytes":1073741824,"totalBefore":2,
				"freeBefore":2,"totalAfter":1,"freeAfter":1}]}]""";
		checkIn(1, results);
		checkIn(2, results);
		JsonNode reported = this.viewer.get("/api/v1/hosts/{id}/desired-state", this.hostId).json().get("results");
		assertThat(reported).hasSize(2);
		assertThat(reported.findValuesAsString("outcome")).containsExactlyInAnyOrder("succeeded", "failed");
		JsonNode failed = reported.valueStream()
			.map((entry) -> entry.get("result"))
			.filter((result) -> result.get("outcome").stringValue().equals("failed"))
			.findFirst()
			.orElseThrow();
		assertThat(failed.at("/pools/0/totalBefore").longValue()).isEqualTo(2);
		assertThat(failed.at("/pools/0/totalAfter").longValue()).isEqualTo(1);
	}

	@Test
	void onlyKnownActionsWithValidParametersAreAccepted() {
		assertInvalid("{\"actions\":[{\"type\":\"run.script\",\"parameters\":{\"cmd\":\"rm -rf /\"}}]}",
				"actions[0].type");
		assertInvalid("{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{}}]}",
				"actions[0].parameters.enabled");
		assertInvalid("{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":\"yes\"}}]}",
				"actions[0].parameters.enabled");
		assertInvalid("{\"actions\":[{\"type\":\"hvo.rebuild-free-pages\",\"parameters\":{\"pageSizeBytes\":[3]}}]}",
				"actions[0].parameters.pageSizeBytes");
		assertInvalid("{\"actions\":[{\"type\":\"hvo.rebuild-free-pages\",\"parameters\":{\"force\":true}}]}",
				"actions[0].parameters.force");
		assertThat(this.viewer.get("/api/v1/hosts/{id}/desired-state", this.hostId).json().get("version").longValue())
			.isZero();
	}

	@Test
	void onlyOperatorsSetDesiredStateAndOnlyOnActiveHosts() {
		assertThat(this.viewer.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json", HVO_ON, this.hostId)
			.status()).isEqualTo(403);
		assertThat(this.operator
			.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json", HVO_ON, UUID.randomUUID())
			.status()).isEqualTo(404);
		this.admin.delete("/api/v1/hosts/{id}", this.hostId);
		assertThat(
				this.operator.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json", HVO_ON, this.hostId)
					.status())
			.isEqualTo(409);
	}

	private void assertInvalid(String body, String field) {
		ApiResponse response = this.operator.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json", body,
				this.hostId);
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().get("errors").findValuesAsString("field")).contains(field);
	}

	private JsonNode checkIn(long sequence) {
		return checkIn(sequence, null);
	}

	private JsonNode checkIn(long sequence, String results) {
		String body = "{\"agentVersion\":\"0.1.0\",\"sequence\":" + sequence + ",\"reportHash\":\"" + "a".repeat(64)
				+ "\"" + ((results != null) ? "," + results : "") + "}";
		ApiResponse response = this.anonymous.as(this.hostToken).post("/agent/v1/check-in", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private String token(String role) {
		return this.admin
			.post("/api/v1/tokens",
					"{\"name\":\"test-" + role + "-" + UUID.randomUUID() + "\",\"role\":\"" + role + "\"}")
			.json()
			.get("secret")
			.stringValue();
	}

}
