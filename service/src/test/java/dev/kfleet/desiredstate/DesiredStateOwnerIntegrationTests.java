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

/**
 * Over HTTP: a version in flight is its owner's; another token gets 409 naming the owner
 * and the version, unless it forces (audited); the owner and whether the version is in
 * flight are in the view.
 */
@KfleetIntegrationTest
class DesiredStateOwnerIntegrationTests {

	static final String PATH = "/api/v1/hosts/{id}/desired-state";

	static final String SWITCH_ON = "{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true}},"
			+ "{\"type\":\"hvo.rebuild-free-pages\"}]}";

	@LocalServerPort
	int port;

	ApiClient admin;

	Token alice;

	Token bob;

	String hostId;

	ApiClient agent;

	long sequence;

	@BeforeEach
	void setUp() {
		ApiClient anonymous = new ApiClient(this.port);
		this.admin = anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
		this.alice = Token.create(this.admin, "alice");
		this.bob = Token.create(this.admin, "bob");
		String secret = this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"owners\"}")
			.json()
			.get("value")
			.stringValue();
		JsonNode enrolled = anonymous.as(secret)
			.post("/agent/v1/enroll",
					"{\"machineId\":\"m-" + UUID.randomUUID() + "\",\"hostname\":\"owned\",\"agentVersion\":\"0.1.0\"}")
			.json();
		this.hostId = enrolled.get("hostId").stringValue();
		this.agent = anonymous.as(enrolled.get("hostToken").stringValue());
	}

	@Test
	void anotherTokenCannotReplaceAVersionInFlightAndIsToldWhoseItIs() {
		assertThat(put(this.alice, SWITCH_ON, "").status()).isEqualTo(200);
		ApiResponse refused = put(this.bob, SWITCH_ON, "");
		assertThat(refused.status()).as(refused.body()).isEqualTo(409);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = refused.json();
		assertThat(problem.get("type").stringValue()).isEqualTo("https://kfleet.dev/problems/desired-state-in-flight");
		assertThat(problem.get("version").longValue()).isEqualTo(1);
		assertThat(problem.at("/owner/kind").stringValue()).isEqualTo("api-token");
		assertThat(problem.at("/owner/id").stringValue()).isEqualTo(this.alice.id);
		assertThat(problem.at("/owner/name").stringValue()).isEqualTo(this.alice.name);
		assertThat(problem.get("detail").stringValue()).contains("force=true");
		JsonNode view = this.admin.get(PATH, this.hostId).json();
		assertThat(view.get("version").longValue()).isEqualTo(1);
		assertThat(view.at("/owner/id").stringValue()).isEqualTo(this.alice.id);
		assertThat(view.get("inFlight").booleanValue()).isTrue();
	}

	@Test
	void forcingReplacesAnotherOwnersVersionInFlightAndTheAuditLogSaysWhose() {
		put(this.alice, SWITCH_ON, "");
		ApiResponse forced = put(this.bob, "{\"actions\":[]}", "?force=true");
		assertThat(forced.status()).as(forced.body()).isEqualTo(200);
		assertThat(forced.json().get("version").longValue()).isEqualTo(2);
		assertThat(forced.json().at("/owner/id").stringValue()).isEqualTo(this.bob.id);
		assertThat(forced.json().get("updatedBy").stringValue()).isEqualTo(this.bob.name);
		JsonNode events = this.admin.get("/api/v1/audit-events?action=desired-state.forced&targetId={id}", this.hostId)
			.json()
			.get("items");
		assertThat(events).hasSize(1);
		JsonNode event = events.get(0);
		assertThat(event.at("/actor/id").stringValue()).isEqualTo(this.bob.id);
		assertThat(event.at("/details/version").longValue()).isEqualTo(2);
		assertThat(event.at("/details/replaced/version").longValue()).isEqualTo(1);
		assertThat(event.at("/details/replaced/owner/id").stringValue()).isEqualTo(this.alice.id);
		assertThat(event.at("/details/replaced/owner/name").stringValue()).isEqualTo(this.alice.name);
		assertThat(this.admin.get("/api/v1/audit-events?action=desired-state.set&targetId={id}", this.hostId)
			.json()
			.get("items")).hasSize(1);
	}

	@Test
	void forceIsOnlyRecordedWhenItReplacedSomeone() {
		put(this.alice, SWITCH_ON, "");
		assertThat(put(this.alice, SWITCH_ON, "?force=true").status()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/audit-events?action=desired-state.forced&targetId={id}", this.hostId)
			.json()
			.get("items")).isEmpty();
	}

	@Test
	void theOwnerReplacesItsOwnVersionInFlight() {
		put(this.alice, SWITCH_ON, "");
		ApiResponse again = put(this.alice, SWITCH_ON, "");
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.json().get("version").longValue()).isEqualTo(2);
		assertThat(again.json().get("inFlight").booleanValue()).isTrue();
	}

	@Test
	void aVersionIsInFlightUntilEveryActionHasAResultThenAnyoneReplacesIt() {
		put(this.alice, SWITCH_ON, "");
		checkIn(result(1, "1"));
		assertThat(this.admin.get(PATH, this.hostId).json().get("inFlight").booleanValue()).isTrue();
		assertThat(put(this.bob, SWITCH_ON, "").status()).isEqualTo(409);
		checkIn(result(1, "2"));
		JsonNode settled = this.admin.get(PATH, this.hostId).json();
		assertThat(settled.get("inFlight").booleanValue()).isFalse();
		assertThat(settled.get("results")).hasSize(2);
		ApiResponse replaced = put(this.bob, SWITCH_ON, "");
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(replaced.json().get("version").longValue()).isEqualTo(2);
		assertThat(replaced.json().get("results")).isEmpty();
	}

	@Test
	void aVersionWithoutActionsIsNeverInFlight() {
		ApiResponse empty = put(this.alice, "{\"actions\":[]}", "");
		assertThat(empty.json().get("inFlight").booleanValue()).isFalse();
		assertThat(put(this.bob, SWITCH_ON, "").status()).isEqualTo(200);
	}

	@Test
	void resultsStoredForTheVersionNumberBeforeItWasSetAreNotItsResults() {
		put(this.alice, SWITCH_ON, "");
		// The agent answers version 2 before there is one (a restored database handed out
		// an older version 2, or the agent is lying): stored, but not version 2's.
		checkIn(result(2, "1") + "," + result(2, "2"));
		put(this.alice, SWITCH_ON, "");
		JsonNode view = this.admin.get(PATH, this.hostId).json();
		assertThat(view.get("version").longValue()).isEqualTo(2);
		assertThat(view.get("results")).isEmpty();
		assertThat(view.get("inFlight").booleanValue()).isTrue();
		assertThat(put(this.bob, SWITCH_ON, "").status()).isEqualTo(409);
	}

	@Test
	void theViewNamesTheOwnerAndNoOwnerBeforeAnythingWasAsked() {
		JsonNode nothing = this.admin.get(PATH, this.hostId).json();
		assertThat(nothing.get("owner").isNull()).isTrue();
		assertThat(nothing.get("inFlight").booleanValue()).isFalse();
		ApiResponse bootstrap = this.admin.send("PUT", PATH, "application/json", SWITCH_ON, this.hostId);
		assertThat(bootstrap.json().at("/owner/kind").stringValue()).isEqualTo("bootstrap-token");
		assertThat(bootstrap.json().at("/owner/id").isNull()).isTrue();
		assertThat(bootstrap.json().at("/owner/name").stringValue()).isEqualTo("bootstrap-admin");
		assertThat(put(this.alice, SWITCH_ON, "").json().at("/owner/kind").stringValue()).isEqualTo("bootstrap-token");
	}

	@Test
	void forceMustBeTrueOrFalseAndNoOtherParameterIsTaken() {
		assertThat(put(this.alice, SWITCH_ON, "?force=yes-please").status()).isEqualTo(400);
		ApiResponse unknown = put(this.alice, SWITCH_ON, "?forse=true");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("errors").findValuesAsString("field")).containsExactly("forse");
		assertThat(this.admin.get(PATH, this.hostId).json().get("version").longValue()).isZero();
	}

	private ApiResponse put(Token token, String body, String query) {
		return token.client(this.port).send("PUT", PATH + query, "application/json", body, this.hostId);
	}

	private void checkIn(String results) {
		this.sequence++;
		ApiResponse answer = this.agent.post("/agent/v1/check-in", "{\"agentVersion\":\"0.1.0\",\"sequence\":"
				+ this.sequence + ",\"reportHash\":\"" + "a".repeat(64) + "\",\"actionResults\":[" + results + "]}");
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
	}

	private static String result(long version, String actionId) {
		return "{\"desiredVersion\":" + version + ",\"actionId\":\"" + actionId
				+ "\",\"type\":\"hvo.set-switch\",\"outcome\":\"succeeded\",\"detail\":\"done\","
				+ "\"startedAt\":\"2026-12-06T10:00:00Z\",\"finishedAt\":\"2026-12-06T10:00:01Z\",\"pools\":[]}";
	}

	/** An operator's API token: its id, name and secret. */
	record Token(String id, String name, String secret) {

		static Token create(ApiClient admin, String who) {
			String name = who + "-" + UUID.randomUUID();
			JsonNode created = admin.post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"operator\"}").json();
			return new Token(created.at("/token/id").stringValue(), name, created.get("secret").stringValue());
		}

		ApiClient client(int port) {
			return new ApiClient(port).as(this.secret);
		}

	}

}
