package dev.kfleet.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.OpenApiContract;
import dev.kfleet.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Over HTTP: what operators do is recorded with who (the token's name and role), the
 * outcome and the reason they gave; a reason header that breaks the rules is refused
 * before anything changes; refusals of authenticated callers are recorded, and nothing
 * else that fails is.
 */
@KfleetIntegrationTest
class AuditEventsIntegrationTests {

	static final String REASON = "Kfleet-Audit-Reason";

	@LocalServerPort
	int port;

	@Autowired
	AuditLog audit;

	@Autowired
	PlatformTransactionManager transactions;

	ApiClient anonymous;

	ApiClient bootstrap;

	@BeforeEach
	void setUp() {
		this.anonymous = new ApiClient(this.port);
		this.bootstrap = this.anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
	}

	@Test
	void recordsWhoChangedTokensHostsAndDesiredStateWithTheirRoleNewestFirstAndNeverASecret() {
		String name = "auditor-" + UUID.randomUUID();
		ApiResponse created = this.bootstrap.post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"admin\"}");
		String tokenId = created.json().at("/token/id").stringValue();
		String secret = created.json().get("secret").stringValue();
		ApiClient admin = this.anonymous.as(secret);
		JsonNode tokenCreated = only(this.bootstrap, "api-token.created", tokenId);
		assertThat(tokenCreated.at("/actor/kind").stringValue()).isEqualTo("bootstrap-token");
		assertThat(tokenCreated.at("/actor/id").isNull()).isTrue();
		assertThat(tokenCreated.at("/actor/name").stringValue()).isEqualTo("bootstrap-admin");
		assertThat(tokenCreated.at("/actor/role").stringValue()).isEqualTo("admin");
		assertThat(tokenCreated.at("/targetType").stringValue()).isEqualTo("api-token");
		assertThat(tokenCreated.at("/outcome").stringValue()).isEqualTo("succeeded");
		assertThat(tokenCreated.at("/reason").isNull()).isTrue();
		assertThat(tokenCreated.at("/details/role").stringValue()).isEqualTo("admin");

		String machineId = "m-" + UUID.randomUUID();
		String hostId = admin
			.post("/api/v1/hosts",
					"{\"machineId\":\"" + machineId + "\",\"hostname\":\"audited\",\"labels\":{\"env\":\"dev\"}}")
			.json()
			.get("id")
			.stringValue();
		admin.post("/api/v1/hosts", "{\"machineId\":\"" + machineId + "\",\"hostname\":\"audited\"}");
		admin.post("/api/v1/hosts",
				"{\"machineId\":\"" + machineId + "\",\"hostname\":\"renamed\",\"kernelRelease\":\"6.18.44\"}");
		admin.patch("/api/v1/hosts/{id}", "{\"labels\":{\"env\":\"prod\"}}", hostId);
		admin.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json",
				"{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true}}]}", hostId);
		admin.delete("/api/v1/hosts/{id}", hostId);
		admin.delete("/api/v1/hosts/{id}", hostId);

		List<JsonNode> events = items(this.bootstrap.get("/api/v1/audit-events?targetId=" + hostId));
		assertThat(events).extracting((event) -> event.get("action").stringValue())
			.as("newest first; registering the same facts again and decommissioning twice change nothing")
			.containsExactly("host.decommissioned", "desired-state.set", "host.relabelled", "host.registered",
					"host.registered");
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.at("/actor/kind").stringValue()).isEqualTo("api-token");
			assertThat(event.at("/actor/id").stringValue()).isEqualTo(tokenId);
			assertThat(event.at("/actor/name").stringValue()).isEqualTo(name);
			assertThat(event.at("/actor/role").stringValue()).isEqualTo("admin");
			assertThat(event.get("targetId").stringValue()).isEqualTo(hostId);
			assertThat(event.get("outcome").stringValue()).isEqualTo("succeeded");
		});
		assertThat(events.get(1).at("/details/version").longValue()).isEqualTo(1);
		assertThat(events.get(1).at("/details/actions/0").stringValue()).isEqualTo("hvo.set-switch");
		assertThat(events.get(2).at("/details/before/env").stringValue()).isEqualTo("dev");
		assertThat(events.get(2).at("/details/after/env").stringValue()).isEqualTo("prod");
		assertThat(events.get(3).at("/details/created").booleanValue()).isFalse();
		assertThat(events.get(3).at("/details/hostname").stringValue()).isEqualTo("renamed");
		assertThat(events.get(3).at("/details/before/hostname").stringValue()).isEqualTo("audited");
		assertThat(events.get(3).at("/details/before/kernelRelease").isNull()).isTrue();
		assertThat(events.get(4).at("/details/created").booleanValue()).isTrue();

		this.bootstrap.delete("/api/v1/tokens/{id}", tokenId);
		assertThat(only(this.bootstrap, "api-token.revoked", tokenId).at("/details/name").stringValue())
			.isEqualTo(name);
		assertThat(this.bootstrap.get("/api/v1/audit-events?limit=500").body()).doesNotContain(secret,
				KfleetIntegrationTest.ADMIN_TOKEN);
	}

	@Test
	void theReasonHeaderIsRecordedOnTheEventsOfItsRequestDecodedFromPercentEncodedUtf8() {
		String hostId = newHost();
		String reason = "INC-4711 \u00e9t\u00e9 \u2014 100% sure \uD83D\uDE00";
		ApiResponse patched = this.bootstrap.send("PATCH", "/api/v1/hosts/{id}", "application/merge-patch+json",
				"{\"labels\":{\"env\":\"prod\"}}",
				List.of(REASON, "  INC-4711 %C3%A9t%c3%a9 %E2%80%94 100%25 sure %F0%9F%98%80 "), hostId);
		assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		this.bootstrap.send("DELETE", "/api/v1/hosts/{id}", null, null, List.of(REASON, ""), hostId);

		assertThat(items(this.bootstrap.get("/api/v1/audit-events?targetId=" + hostId)))
			.extracting((event) -> event.get("action").stringValue() + ": " + event.get("reason").asString("-"))
			.as("an empty header is no reason")
			.containsExactly("host.decommissioned: -", "host.relabelled: " + reason, "host.registered: -");

		String longest = "\uD83D\uDE00".repeat(500);
		String other = newHost();
		ApiResponse decommissioned = this.bootstrap.send("DELETE", "/api/v1/hosts/{id}", null, null,
				List.of(REASON, "%F0%9F%98%80".repeat(500)), other);
		assertThat(decommissioned.status()).isEqualTo(200);
		assertThat(only(this.bootstrap, "host.decommissioned", other).get("reason").stringValue()).isEqualTo(longest);
	}

	@Test
	void aReasonThatBreaksTheRulesIsRefusedNamingTheHeaderAndNothingChanges() {
		String hostId = newHost();
		for (String bad : List.of("%F0%9F%98%80".repeat(501), "a".repeat(501), "line%0Abreak", "tab%09", "esc%1B[31m",
				"del%7F", "c1%C2%85", "separator%E2%80%A8", "50%", "50%2", "%ZZ", "%FF%FE", "%C3")) {
			ApiResponse refused = this.bootstrap.send("DELETE", "/api/v1/hosts/{id}", null, null, List.of(REASON, bad),
					hostId);
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.json().at("/errors/0/field").asString("")).as(bad).isEqualTo(REASON);
		}
		RawHttp raw = new RawHttp(this.port);
		// Raw bytes that are not printable ASCII. (A raw escape character does not get
		// this
		// far: Tomcat refuses the request as unparsable, with a 400 problem of its own.)
		List<String> unencoded = List.of("\u00e9t\u00e9", "\u20ac 5", "tab\there");
		for (String bad : unencoded) {
			ApiResponse refused = raw.send("DELETE", "/api/v1/hosts/" + hostId,
					List.of("Authorization", "Bearer " + KfleetIntegrationTest.ADMIN_TOKEN, REASON, bad), null);
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.json().at("/errors/0/field").asString("")).as(bad).isEqualTo(REASON);
			OpenApiContract.get()
				.assertResponseMatches("DELETE", "/api/v1/hosts/{id}", 400, refused.contentType(), refused.body());
		}
		ApiResponse twice = raw.send("DELETE", "/api/v1/hosts/" + hostId,
				List.of("Authorization", "Bearer " + KfleetIntegrationTest.ADMIN_TOKEN, REASON, "one", REASON, "two"),
				null);
		assertThat(twice.status()).isEqualTo(400);
		assertThat(twice.body()).contains("must be given once");

		assertThat(this.bootstrap.get("/api/v1/hosts/{id}", hostId).json().get("decommissionedAt").isNull())
			.as("nothing changed")
			.isTrue();
		assertThat(items(this.bootstrap.get("/api/v1/audit-events?targetId=" + hostId)))
			.extracting((event) -> event.get("action").stringValue())
			.containsExactly("host.registered");
	}

	@Test
	void refusalsOfAuthenticatedCallersAreRecordedWithTheirRoleReasonAndProblem() {
		String hostId = newHost();
		Token viewer = Token.create(this.bootstrap, "viewer");
		ApiResponse forbidden = viewer.client(this.anonymous)
			.send("DELETE", "/api/v1/hosts/{id}", null, null, List.of(REASON, "cleanup CHG-9"), hostId.toUpperCase());
		assertThat(forbidden.status()).isEqualTo(403);

		JsonNode refused = only(this.bootstrap, "host.decommissioned", hostId);
		assertThat(refused.get("outcome").stringValue()).isEqualTo("refused");
		assertThat(refused.get("targetType").stringValue()).isEqualTo("host");
		assertThat(refused.at("/actor/id").stringValue()).isEqualTo(viewer.id());
		assertThat(refused.at("/actor/name").stringValue()).isEqualTo(viewer.name());
		assertThat(refused.at("/actor/role").stringValue()).isEqualTo("viewer");
		assertThat(refused.get("reason").stringValue()).isEqualTo("cleanup CHG-9");
		assertThat(refused.at("/details/status").intValue()).isEqualTo(403);
		assertThat(refused.at("/details/problem").stringValue()).isEqualTo("forbidden");
		assertThat(this.bootstrap.get("/api/v1/hosts/{id}", hostId).json().get("decommissionedAt").isNull()).isTrue();

		Token operator = Token.create(this.bootstrap, "operator");
		ApiResponse created = operator.client(this.anonymous)
			.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"admin\"}");
		assertThat(created.status()).isEqualTo(403);
		JsonNode refusedCreation = items(this.bootstrap
			.get("/api/v1/audit-events?action=api-token.created&outcome=refused&actor=" + operator.id())).getFirst();
		assertThat(refusedCreation.get("targetId").isNull()).isTrue();
		assertThat(refusedCreation.at("/actor/role").stringValue()).isEqualTo("operator");

		this.bootstrap.delete("/api/v1/hosts/{id}", hostId);
		ApiResponse conflict = this.bootstrap.send("PATCH", "/api/v1/hosts/{id}", "application/merge-patch+json",
				"{\"labels\":{\"env\":\"prod\"}}", List.of(REASON, "too late"), hostId);
		assertThat(conflict.status()).isEqualTo(409);
		JsonNode relabel = only(this.bootstrap, "host.relabelled", hostId);
		assertThat(relabel.get("outcome").stringValue()).isEqualTo("refused");
		assertThat(relabel.at("/actor/kind").stringValue()).isEqualTo("bootstrap-token");
		assertThat(relabel.at("/details/status").intValue()).isEqualTo(409);
		assertThat(relabel.at("/details/problem").stringValue()).isEqualTo("conflict");
		assertThat(relabel.at("/details/detail").stringValue()).contains("decommissioned");
		assertThat(relabel.get("reason").stringValue()).isEqualTo("too late");
	}

	@Test
	void aStaleIfMatchAndADesiredStateInFlightAreRecordedAsRefused() {
		String hostId = newHost();
		ApiResponse stale = this.bootstrap.send("PATCH", "/api/v1/hosts/{id}", "application/merge-patch+json",
				"{\"labels\":{\"env\":\"prod\"}}", List.of("If-Match", "\"99\""), hostId);
		assertThat(stale.status()).isEqualTo(412);
		assertThat(only(this.bootstrap, "host.relabelled", hostId).at("/details/problem").stringValue())
			.isEqualTo("precondition-failed");

		String actions = "{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true}}]}";
		Token alice = Token.create(this.bootstrap, "operator");
		Token bob = Token.create(this.bootstrap, "operator");
		assertThat(alice.client(this.anonymous).put("/api/v1/hosts/{id}/desired-state", actions, hostId).status())
			.isEqualTo(200);
		assertThat(bob.client(this.anonymous).put("/api/v1/hosts/{id}/desired-state", actions, hostId).status())
			.isEqualTo(409);
		List<JsonNode> events = items(
				this.bootstrap.get("/api/v1/audit-events?action=desired-state.set&targetId=" + hostId));
		assertThat(events)
			.extracting((event) -> event.at("/actor/id").stringValue() + " " + event.get("outcome").stringValue() + " "
					+ event.at("/details/problem").asString("-"))
			.containsExactly(bob.id() + " refused desired-state-in-flight", alice.id() + " succeeded -");
	}

	@Test
	void unauthenticatedInvalidAndUnknownTargetRequestsAreNotRecorded() {
		String hostId = newHost();
		String missing = UUID.randomUUID().toString();
		long before = total();
		assertThat(this.anonymous.delete("/api/v1/hosts/{id}", hostId).status()).isEqualTo(401);
		assertThat(this.anonymous.as("not-a-token-" + UUID.randomUUID()).delete("/api/v1/hosts/{id}", hostId).status())
			.isEqualTo(401);
		assertThat(this.bootstrap.patch("/api/v1/hosts/{id}", "{\"labels\":{\"Bad Key\":\"x\"}}", hostId).status())
			.isEqualTo(400);
		assertThat(this.bootstrap.delete("/api/v1/hosts/{id}", missing).status()).isEqualTo(404);
		assertThat(this.bootstrap.delete("/api/v1/hosts/{id}", "not-a-uuid").status()).isEqualTo(400);

		assertThat(items(this.bootstrap.get("/api/v1/audit-events?targetId=" + hostId))).hasSize(1);
		assertThat(items(this.bootstrap.get("/api/v1/audit-events?targetId=" + missing))).isEmpty();
		assertThat(total()).as("no other event either").isEqualTo(before);
	}

	@Test
	void anEventIsWrittenInTheCallersTransactionOnly() {
		UUID target = UUID.randomUUID();
		assertThatExceptionOfType(IllegalTransactionStateException.class)
			.isThrownBy(() -> this.audit.record(Actor.SERVICE, "test.recorded", "test", target, Map.of()));
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.audit.record(Actor.SERVICE, "test.recorded", "test", target, Map.of());
			status.setRollbackOnly();
		});
		assertThat(items(this.bootstrap.get("/api/v1/audit-events?targetId=" + target))).isEmpty();
	}

	private String newHost() {
		return this.bootstrap
			.post("/api/v1/hosts", "{\"machineId\":\"m-" + UUID.randomUUID() + "\",\"hostname\":\"reasoned\"}")
			.json()
			.get("id")
			.stringValue();
	}

	/** How many events there are (the id of the newest: ids only grow). */
	private long total() {
		JsonNode newest = this.bootstrap.get("/api/v1/audit-events?limit=1").json().get("items");
		return newest.isEmpty() ? 0 : newest.get(0).get("id").longValue();
	}

	static List<JsonNode> items(ApiResponse response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("items").valueStream().toList();
	}

	static JsonNode only(ApiClient admin, String action, String targetId) {
		List<JsonNode> items = items(admin.get("/api/v1/audit-events?action=" + action + "&targetId=" + targetId));
		assertThat(items).as("%s of %s", action, targetId).hasSize(1);
		return items.getFirst();
	}

	/**
	 * An API token made for a test.
	 *
	 * @param id its id
	 * @param name its name
	 * @param secret its secret
	 */
	record Token(String id, String name, String secret) {

		static Token create(ApiClient admin, String role) {
			String name = role + "-" + UUID.randomUUID();
			JsonNode created = admin.post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}")
				.json();
			return new Token(created.at("/token/id").stringValue(), name, created.get("secret").stringValue());
		}

		ApiClient client(ApiClient anonymous) {
			return anonymous.as(this.secret);
		}

	}

}
