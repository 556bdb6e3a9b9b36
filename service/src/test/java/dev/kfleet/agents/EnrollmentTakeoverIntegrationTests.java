package dev.kfleet.agents;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agents.AgentFixtures.Agent;
import dev.kfleet.agents.AgentFixtures.Secret;

import static dev.kfleet.agents.AgentFixtures.checkIn;
import static dev.kfleet.agents.AgentFixtures.checkInHashOnly;
import static dev.kfleet.agents.AgentFixtures.enrollment;
import static dev.kfleet.agents.AgentFixtures.fingerprint;
import static dev.kfleet.agents.AgentFixtures.requestKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enrolling a machine that is already a host (ADR 0025): anyone with an enrollment secret
 * can name another host's machine id (viewers read them), and that alone must not take
 * the host over. It needs the host's token or an operator's approval of a request bound
 * to the attempt's key.
 */
@KfleetIntegrationTest
class EnrollmentTakeoverIntegrationTests {

	static final String REPORT = AgentReports.report(AgentReports.HVO_OFF);

	@LocalServerPort
	int port;

	ApiClient anonymous;

	ApiClient admin;

	ApiClient operator;

	String operatorName;

	Secret secret;

	Secret attackers;

	Agent victim;

	@BeforeEach
	void setUp() {
		this.anonymous = new ApiClient(this.port);
		this.admin = this.anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
		this.operatorName = "operator-" + UUID.randomUUID();
		this.operator = this.anonymous
			.as(this.admin.post("/api/v1/tokens", "{\"name\":\"" + this.operatorName + "\",\"role\":\"operator\"}")
				.json()
				.get("secret")
				.stringValue());
		this.secret = AgentFixtures.enrollmentSecret(this.admin, "");
		this.attackers = AgentFixtures.enrollmentSecret(this.admin, "");
		this.victim = Agent.enroll(this.anonymous, this.secret.value(), "victim");
		assertThat(this.anonymous.as(this.victim.token()).post("/agent/v1/check-in", checkIn(1, REPORT)).status())
			.isEqualTo(200);
	}

	@Test
	void anotherHostsMachineIdWithAValidSecretIsRefusedAndChangesNothingForTheHostOrItsAgent() {
		JsonNode before = host();
		List<JsonNode> historyBefore = history();
		Agent other = Agent.enroll(this.anonymous, this.secret.value(), "other");

		String key = requestKey();
		ApiResponse withKey = attempt(this.attackers, "attacker", member("requestKey", key));
		assertThat(withKey.status()).isEqualTo(409);
		assertThat(withKey.json().get("type").stringValue()).endsWith("/enrollment-approval-required");
		assertThat(withKey.json().get("requestState").stringValue()).isEqualTo("pending");
		assertThat(withKey.json().get("fingerprint").stringValue()).isEqualTo(fingerprint(key));
		String requestId = withKey.json().get("requestId").stringValue();
		for (String proof : List.of("", member("hostToken", "kfh_forged"), member("hostToken", other.token()))) {
			ApiResponse refused = attempt(this.attackers, "attacker", proof);
			assertThat(refused.status()).as(proof).isEqualTo(409);
			assertThat(refused.json().get("requestId").isNull()).isTrue();
			assertThat(refused.json().get("fingerprint").isNull()).isTrue();
			assertThat(refused.json().get("requestState").isNull()).isTrue();
		}

		ApiResponse elsewhere = this.anonymous.as(this.attackers.value())
			.post("/agent/v1/enroll", enrollment(other.machineId(), "attacker", member("requestKey", key)));
		assertThat(elsewhere.status()).as("a key is bound to one machine's request").isEqualTo(409);
		assertThat(elsewhere.json().get("requestId").isNull()).isTrue();
		assertThat(elsewhere.json().get("fingerprint").stringValue()).isEqualTo(fingerprint(key));

		// The real agent goes on as if nothing happened.
		ApiClient agent = this.anonymous.as(this.victim.token());
		assertThat(agent.get("/agent/v1/ping").status()).isEqualTo(204);
		ApiResponse checkIn = agent.post("/agent/v1/check-in", checkInHashOnly(2, REPORT));
		assertThat(checkIn.json().get("accepted").booleanValue()).isTrue();
		assertThat(checkIn.json().get("fullReportWanted").booleanValue()).isFalse();
		JsonNode after = host();
		assertThat(after.get("hostname").stringValue()).isEqualTo(this.victim.hostname());
		assertThat(after.get("state").stringValue()).isEqualTo("active");
		assertThat(after.at("/agent/enrolledAt")).isEqualTo(before.at("/agent/enrolledAt"));
		assertThat(after.get("updatedAt")).isEqualTo(before.get("updatedAt"));
		assertThat(history()).isEqualTo(historyBefore);

		// The attempt with a key is a pending request; again with the same key, the same
		// one.
		JsonNode request = this.operator.get("/api/v1/enrollment-requests/{id}", requestId).json();
		assertThat(request.get("hostId").stringValue()).isEqualTo(this.victim.hostId());
		assertThat(request.get("machineId").stringValue()).isEqualTo(this.victim.machineId());
		assertThat(request.get("hostname").stringValue()).isEqualTo("attacker");
		assertThat(request.get("reason").stringValue()).isEqualTo("host-has-agent");
		assertThat(request.get("enrollmentSecretId").stringValue()).isEqualTo(this.attackers.id());
		assertThat(request.get("sourceAddress").stringValue()).isEqualTo("127.0.0.1");
		assertThat(request.get("attempts").longValue()).isEqualTo(1);
		ApiResponse again = attempt(this.attackers, "attacker-2", member("requestKey", key));
		assertThat(again.json().get("requestId").stringValue()).isEqualTo(requestId);
		request = this.operator.get("/api/v1/enrollment-requests/{id}", requestId).json();
		assertThat(request.get("attempts").longValue()).isEqualTo(2);
		assertThat(request.get("hostname").stringValue()).isEqualTo("attacker-2");

		// Refusals are audited once per new key and for each attempt without one; they
		// are
		// no use of the secret.
		assertThat(audit("enrollment.refused")).hasSize(4);
		JsonNode secret = this.admin.get("/api/v1/enrollment-secrets/{id}", this.attackers.id()).json();
		assertThat(secret.get("enrollments").longValue()).isZero();
		assertThat(secret.get("hostTokens").longValue()).isZero();
	}

	@Test
	void theHostsOwnTokenRenewsWithoutApprovalAndRejectsTheOpenRequestsOfOtherMachines() {
		String attackerKey = requestKey();
		String requestId = attempt(this.attackers, "attacker", member("requestKey", attackerKey)).json()
			.get("requestId")
			.stringValue();

		ApiResponse renewed = attempt(this.secret, this.victim.hostname(),
				member("hostToken", this.victim.token()) + "," + member("requestKey", requestKey()));
		assertThat(renewed.status()).isEqualTo(200);
		assertThat(renewed.json().get("hostId").stringValue()).isEqualTo(this.victim.hostId());
		assertThat(this.anonymous.as(this.victim.token()).get("/agent/v1/ping").status()).isEqualTo(401);
		assertThat(this.anonymous.as(renewed.json().get("hostToken").stringValue()).get("/agent/v1/ping").status())
			.isEqualTo(204);

		JsonNode request = this.operator.get("/api/v1/enrollment-requests/{id}", requestId).json();
		assertThat(request.get("state").stringValue()).isEqualTo("rejected");
		assertThat(request.get("decidedBy").stringValue()).contains("proved itself");
		ApiResponse stillRefused = attempt(this.attackers, "attacker", member("requestKey", attackerKey));
		assertThat(stillRefused.json().get("requestState").stringValue()).isEqualTo("rejected");
		JsonNode rejection = this.admin
			.get("/api/v1/audit-events?action=enrollment-request.rejected&targetId=" + requestId)
			.json()
			.at("/items/0");
		assertThat(rejection.at("/actor/kind").stringValue()).isEqualTo("host-token");
		assertThat(rejection.at("/actor/id").stringValue()).isEqualTo(this.victim.hostId());
		assertThat(audit("enrollment.renewed")).singleElement()
			.satisfies((event) -> assertThat(event.at("/details/via").stringValue()).isEqualTo("host-token"));
	}

	@Test
	void anApprovedRequestCompletesOnTheNextAttemptWithItsKeyAndOnlyWithIt() {
		// The machine was re-imaged: its agent lost its token and asks with a new key.
		String key = requestKey();
		String attempt = member("requestKey", key);
		String requestId = attempt(this.secret, "reimaged", attempt).json().get("requestId").stringValue();
		assertThat(this.anonymous.as(viewerToken()).get("/api/v1/enrollment-requests").status()).isEqualTo(403);
		assertThat(this.operator.get("/api/v1/enrollment-requests?state=pending&limit=500")
			.json()
			.get("items")
			.valueStream()
			.map((r) -> r.get("id").stringValue())).contains(requestId);

		JsonNode approved = decide(requestId, "approve", 200);
		assertThat(approved.get("state").stringValue()).isEqualTo("approved");
		assertThat(approved.get("decidedBy").stringValue()).isEqualTo(this.operatorName);
		assertThat(approved.get("decidedAt").isNull()).isFalse();
		assertThat(decide(requestId, "approve", 200).get("decidedAt")).isEqualTo(approved.get("decidedAt"));

		// Another key, or none, is still refused; the old agent still works until then.
		ApiResponse otherKey = attempt(this.secret, "reimaged", member("requestKey", requestKey()));
		assertThat(otherKey.status()).isEqualTo(409);
		assertThat(otherKey.json().get("requestId").stringValue()).isNotEqualTo(requestId);
		assertThat(attempt(this.secret, "reimaged", "").status()).isEqualTo(409);
		assertThat(this.anonymous.as(this.victim.token()).get("/agent/v1/ping").status()).isEqualTo(204);

		ApiResponse enrolled = attempt(this.secret, "reimaged", attempt);
		assertThat(enrolled.status()).isEqualTo(200);
		assertThat(enrolled.json().get("hostId").stringValue()).isEqualTo(this.victim.hostId());
		assertThat(this.anonymous.as(this.victim.token()).get("/agent/v1/ping").status()).isEqualTo(401);
		assertThat(this.anonymous.as(enrolled.json().get("hostToken").stringValue()).get("/agent/v1/ping").status())
			.isEqualTo(204);
		assertThat(host().get("hostname").stringValue()).isEqualTo("reimaged");
		JsonNode completed = this.operator.get("/api/v1/enrollment-requests/{id}", requestId).json();
		assertThat(completed.get("state").stringValue()).isEqualTo("completed");
		assertThat(completed.get("attempts").longValue()).isEqualTo(2);
		decide(requestId, "approve", 409);
		decide(requestId, "reject", 409);
		ApiResponse reused = attempt(this.secret, "reimaged", attempt);
		assertThat(reused.status()).as("a key enrolls once").isEqualTo(409);
		assertThat(reused.json().get("requestState").isNull()).isTrue();

		JsonNode approval = this.admin.get("/api/v1/audit-events?action=enrollment-request.*&targetId=" + requestId)
			.json()
			.get("items");
		assertThat(approval).as("the approval, and the later decisions refused (409) on a completed request")
			.extracting((event) -> event.get("action").stringValue() + " " + event.get("outcome").stringValue() + " "
					+ event.at("/actor/name").stringValue())
			.containsExactly("enrollment-request.rejected refused " + this.operatorName,
					"enrollment-request.approved refused " + this.operatorName,
					"enrollment-request.approved succeeded " + this.operatorName);
		assertThat(audit("enrollment.renewed")).singleElement().satisfies((event) -> {
			assertThat(event.at("/details/via").stringValue()).isEqualTo("approval");
			assertThat(event.at("/details/requestId").stringValue()).isEqualTo(requestId);
		});
	}

	@Test
	void aRejectedKeyStaysRefused() {
		String key = requestKey();
		String requestId = attempt(this.attackers, "attacker", member("requestKey", key)).json()
			.get("requestId")
			.stringValue();
		assertThat(decide(requestId, "reject", 200).get("state").stringValue()).isEqualTo("rejected");
		decide(requestId, "reject", 200);
		decide(requestId, "approve", 409);
		ApiResponse refused = attempt(this.attackers, "attacker", member("requestKey", key));
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("requestState").stringValue()).isEqualTo("rejected");
		assertThat(refused.json().get("requestId").stringValue()).isEqualTo(requestId);
		assertThat(this.anonymous.as(this.victim.token()).get("/agent/v1/ping").status()).isEqualTo(204);
		assertThat(this.operator.get("/api/v1/enrollment-requests/{id}", UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(this.operator.get("/api/v1/enrollment-requests?state=maybe").status()).isEqualTo(400);
		assertThat(this.operator.get("/api/v1/enrollment-requests?stat=pending").status()).isEqualTo(400);
	}

	@Test
	void aMalformedKeyOrTokenIsABadRequest() {
		for (String members : List.of(member("requestKey", "short"), member("requestKey", "!".repeat(43)),
				member("requestKey", "k".repeat(129)), member("hostToken", "t".repeat(257)))) {
			ApiResponse refused = attempt(this.attackers, "attacker", members);
			assertThat(refused.status()).as(members).isEqualTo(400);
		}
		assertThat(this.operator.get("/api/v1/enrollment-requests?limit=500")
			.json()
			.get("items")
			.valueStream()
			.filter((request) -> request.get("hostId").stringValue().equals(this.victim.hostId()))).isEmpty();
	}

	@Test
	void concurrentApprovalsDecideOnce() throws Exception {
		String requestId = attempt(this.attackers, "attacker", member("requestKey", requestKey())).json()
			.get("requestId")
			.stringValue();
		try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
			List<Future<Integer>> answers = threads.invokeAll(java.util.Collections.nCopies(8,
					() -> this.operator.send("POST", "/api/v1/enrollment-requests/{id}/approve", null, null, requestId)
						.status()));
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(200);
			}
		}
		assertThat(this.admin.get("/api/v1/audit-events?action=enrollment-request.approved&targetId=" + requestId)
			.json()
			.get("items")).hasSize(1);
	}

	@Test
	void aHostWithoutAnAgentCredentialEnrollsWithoutApprovalAndKeepsItsLabels() {
		String machineId = "m-" + UUID.randomUUID();
		ApiResponse registered = this.admin.post("/api/v1/hosts",
				"{\"machineId\":\"" + machineId + "\",\"hostname\":\"pre-registered\",\"labels\":{\"env\":\"prod\"}}");
		String hostId = registered.json().get("id").stringValue();
		Secret labelled = AgentFixtures.enrollmentSecret(this.admin, "\"labels\":{\"pool\":\"new\"}");
		ApiResponse enrolled = this.anonymous.as(labelled.value())
			.post("/agent/v1/enroll", enrollment(machineId, "pre-registered"));
		assertThat(enrolled.status()).isEqualTo(200);
		assertThat(enrolled.json().get("hostId").stringValue()).isEqualTo(hostId);
		assertThat(this.admin.get("/api/v1/hosts/{id}", hostId).json().get("labels").toString())
			.isEqualTo("{\"env\":\"prod\"}");
		assertThat(this.admin.get("/api/v1/audit-events?action=enrollment.renewed&targetId=" + hostId)
			.json()
			.at("/items/0/details/via")
			.stringValue()).isEqualTo("no-credential");
	}

	private ApiResponse attempt(Secret with, String hostname, String members) {
		String body = members.isEmpty() ? enrollment(this.victim.machineId(), hostname)
				: enrollment(this.victim.machineId(), hostname, members);
		return this.anonymous.as(with.value()).post("/agent/v1/enroll", body);
	}

	private JsonNode decide(String requestId, String decision, int status) {
		ApiResponse response = this.operator.send("POST", "/api/v1/enrollment-requests/{id}/" + decision, null, null,
				requestId);
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		return response.json();
	}

	private String viewerToken() {
		return this.admin.post("/api/v1/tokens", "{\"name\":\"viewer\",\"role\":\"viewer\"}")
			.json()
			.get("secret")
			.stringValue();
	}

	private JsonNode host() {
		return this.admin.get("/api/v1/hosts/{id}", this.victim.hostId()).json();
	}

	private List<JsonNode> history() {
		return this.admin.get("/api/v1/hosts/{id}/history", this.victim.hostId())
			.json()
			.get("items")
			.valueStream()
			.toList();
	}

	private List<JsonNode> audit(String action) {
		return this.admin.get("/api/v1/audit-events?action=" + action + "&targetId=" + this.victim.hostId())
			.json()
			.get("items")
			.valueStream()
			.toList();
	}

	private static String member(String name, String value) {
		return "\"" + name + "\":\"" + value + "\"";
	}

}
