package dev.kfleet.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;

import static dev.kfleet.audit.AuditEventsIntegrationTests.items;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP: the audit log filtered by actor, action (or its group), target, outcome and
 * time, a page at a time, newest first; one event by its id; and no method that would
 * change or delete an event.
 */
@KfleetIntegrationTest
class AuditEventQueriesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	AuditEventRepository events;

	@Autowired
	AuditLog audit;

	@Autowired
	PlatformTransactionManager transactions;

	ApiClient admin;

	String run;

	Instant now;

	@BeforeEach
	void setUp() {
		this.admin = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.now = Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	@Test
	void eachFilterSelectsItsEventsAndTogetherTheyAllHold() {
		Actor alice = new Actor("api-token", UUID.randomUUID().toString(), "alice-" + this.run, "operator");
		Actor secret = new Actor("enrollment-secret", UUID.randomUUID().toString(), "rack-" + this.run);
		String target = "rollout-" + this.run;
		insert(hoursAgo(6), Actor.SERVICE, "desired-state.set", "host", target, "succeeded");
		insert(hoursAgo(5), alice, "rollout.created", "rollout", target, "succeeded");
		insert(hoursAgo(4), alice, "rollout.halted", "rollout", target, "refused");
		insert(hoursAgo(3), alice, "rollouts-x.created", "rollouts-x", target, "succeeded");
		insert(hoursAgo(2), secret, "enrollment.refused", "host", target, "refused");
		insert(hoursAgo(1), secret, "enrollment.created", "host", "host " + this.run + " / ünïcode", "succeeded");

		String byAlice = "&actor=" + alice.id();
		assertThat(actions("actor=" + alice.name())).containsExactly("rollouts-x.created", "rollout.halted",
				"rollout.created");
		assertThat(actions("actor=" + alice.id().toUpperCase())).hasSize(3);
		assertThat(actions("actor=" + secret.name() + "&actorKind=enrollment-secret"))
			.containsExactly("enrollment.created", "enrollment.refused");
		assertThat(actions("actor=" + secret.name() + "&actorKind=api-token")).isEmpty();
		assertThat(actions("action=rollout.*" + byAlice)).as("a group is its first segment, not a prefix")
			.containsExactly("rollout.halted", "rollout.created");
		assertThat(actions("action=rollout.halted" + byAlice)).containsExactly("rollout.halted");
		assertThat(actions("targetType=rollouts-x" + byAlice)).containsExactly("rollouts-x.created");
		assertThat(actions("targetId=" + target)).hasSize(5);
		assertThat(actions("actor=kfleet&targetId=" + target)).as("the service, whose rows no actor index holds")
			.containsExactly("desired-state.set");
		assertThat(actions("actorKind=service&targetId=" + target)).containsExactly("desired-state.set");
		assertThat(actions("targetType=host&targetId=" + target)).containsExactly("enrollment.refused",
				"desired-state.set");
		assertThat(actions("targetId=" + encode("host " + this.run + " / ünïcode")))
			.containsExactly("enrollment.created");
		assertThat(actions("outcome=refused&targetId=" + target)).containsExactly("enrollment.refused",
				"rollout.halted");
		assertThat(actions("outcome=succeeded&action=rollout.*" + byAlice)).containsExactly("rollout.created");
		assertThat(actions("from=" + hoursAgo(4) + "&to=" + hoursAgo(2) + "&targetId=" + target))
			.as("from is inclusive, to exclusive")
			.containsExactly("rollouts-x.created", "rollout.halted");
		assertThat(actions("from=" + hoursAgo(3) + "&to=" + hoursAgo(3) + "&targetId=" + target)).isEmpty();
		assertThat(actions("from=" + encode(hoursAgo(2).toString().replace("Z", "+02:00")) + "&targetId=" + target))
			.as("an offset counts: two hours ago in UTC+2 is four hours ago")
			.containsExactly("enrollment.refused", "rollouts-x.created", "rollout.halted");
	}

	@Test
	void pagesGoFromNewestToOldestThroughEventsOfTheSameInstant() {
		Actor bulk = new Actor("service", null, "bulk-" + this.run);
		Map<String, Map<String, Object>> targets = new LinkedHashMap<>();
		for (int i = 0; i < 5; i++) {
			targets.put("t" + i, Map.of("n", i));
		}
		insert(hoursAgo(2), bulk, "test.recorded", "test", "before", "succeeded");
		new TransactionTemplate(this.transactions)
			.executeWithoutResult((status) -> this.audit.recordAll(bulk, "test.recorded", "test", targets));
		insert(this.now.plusSeconds(3600), bulk, "test.recorded", "test", "later", "succeeded");

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			ApiResponse page = this.admin.get("/api/v1/audit-events?limit=2&actor=bulk-" + this.run
					+ ((cursor != null) ? "&cursor=" + cursor : ""));
			items(page).forEach((event) -> seen.add(event.get("targetId").stringValue()));
			cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").stringValue();
			pages++;
		}
		while (cursor != null);
		assertThat(seen).as("newest first; one instant in the order of its ids, newest first")
			.containsExactly("later", "t4", "t3", "t2", "t1", "t0", "before");
		assertThat(pages).isEqualTo(4);
	}

	@Test
	void badFiltersAndCursorsAreRefusedNamingTheParameter() {
		Map<String, String> bad = new LinkedHashMap<>();
		bad.put("actorName=me", "actorName");
		bad.put("actor=", "actor");
		bad.put("actor=" + "a".repeat(101), "actor");
		bad.put("actor=a%01b", "actor");
		bad.put("actorKind=robot", "actorKind");
		bad.put("action=Host.Registered", "action");
		bad.put("action=host", "action");
		bad.put("action=host.*.x", "action");
		bad.put("action=*", "action");
		bad.put("action=" + "a".repeat(63) + ".b", "action");
		bad.put("targetType=Host", "targetType");
		bad.put("targetId=" + "x".repeat(129), "targetId");
		bad.put("targetId=a%0Ab", "targetId");
		bad.put("outcome=failed", "outcome");
		bad.put("from=yesterday", "from");
		bad.put("from=1969-12-31T23:59:59Z", "from");
		bad.put("to=10000-01-01T00:00:00Z", "to");
		bad.put("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
		bad.put("limit=0", "limit");
		bad.put("cursor=nope", null);
		bad.put("cursor="
				+ java.util.Base64.getUrlEncoder().encodeToString("1:audit-events:999999999999999999:1".getBytes()),
				null);
		bad.put("cursor=" + java.util.Base64.getUrlEncoder().encodeToString("1:audit-events:42".getBytes()), null);
		bad.forEach((query, field) -> {
			ApiResponse response = this.admin.get("/api/v1/audit-events?" + query);
			assertThat(response.status()).as(query).isEqualTo(400);
			if (field != null) {
				assertThat(response.json().at("/errors/0/field").stringValue()).as(query).isEqualTo(field);
			}
			else {
				assertThat(response.json().get("type").stringValue()).as(query).endsWith("/invalid-cursor");
			}
		});
	}

	@Test
	void oneEventCanBeReadByItsId() {
		Actor actor = new Actor("service", null, "single-" + this.run);
		insert(hoursAgo(1), actor, "test.recorded", "test", "one", "succeeded");
		JsonNode listed = items(this.admin.get("/api/v1/audit-events?actor=single-" + this.run)).getFirst();

		ApiResponse read = this.admin.get("/api/v1/audit-events/{id}", listed.get("id").longValue());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json()).isEqualTo(listed);
		assertThat(this.admin.get("/api/v1/audit-events/{id}", Long.MAX_VALUE).status()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/audit-events/{id}", "x").status()).isEqualTo(400);
		String operator = this.admin.post("/api/v1/tokens", "{\"name\":\"o-" + this.run + "\",\"role\":\"operator\"}")
			.json()
			.get("secret")
			.stringValue();
		assertThat(new ApiClient(this.port).as(operator)
			.get("/api/v1/audit-events/{id}", listed.get("id").longValue())
			.status()).isEqualTo(403);
	}

	@Test
	void nothingInTheApiChangesOrDeletesAnEvent() {
		Actor actor = new Actor("service", null, "kept-" + this.run);
		insert(hoursAgo(1), actor, "test.recorded", "test", "kept", "succeeded");
		JsonNode event = items(this.admin.get("/api/v1/audit-events?actor=kept-" + this.run)).getFirst();
		long id = event.get("id").longValue();
		ApiClient unchecked = this.admin.withoutContractChecks();
		for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
			for (String path : List.of("/api/v1/audit-events", "/api/v1/audit-events/" + id)) {
				ApiResponse response = unchecked.send(method, path, "application/json", "{\"reason\":\"edited\"}");
				assertThat(response.status()).as("%s %s", method, path).isEqualTo(405);
				assertThat(response.header("Allow")).as("%s %s", method, path)
					.contains("GET")
					.doesNotContain("PUT", "PATCH", "DELETE", "POST");
				assertThat(response.contentType()).startsWith("application/problem+json");
			}
		}
		assertThat(this.admin.get("/api/v1/audit-events/{id}", id).json()).isEqualTo(event);
	}

	private List<String> actions(String query) {
		return items(this.admin.get("/api/v1/audit-events?" + query)).stream()
			.map((event) -> event.get("action").stringValue())
			.toList();
	}

	private Instant hoursAgo(int hours) {
		return this.now.minus(Duration.ofHours(hours));
	}

	private void insert(Instant at, Actor actor, String action, String targetType, @Nullable String targetId,
			String outcome) {
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> this.events.insert(
				new AuditEventRepository.Written(at, actor, action, targetType, outcome, null), targetId, Map.of()));
	}

	private static String encode(String text) {
		return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
	}

}
