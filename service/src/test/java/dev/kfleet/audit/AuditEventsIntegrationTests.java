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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@KfleetIntegrationTest
class AuditEventsIntegrationTests {

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
	void recordsWhoChangedTokensHostsAndDesiredStateNewestFirstAndNeverASecret() {
		String name = "auditor-" + UUID.randomUUID();
		ApiResponse created = this.bootstrap.post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"admin\"}");
		String tokenId = created.json().at("/token/id").stringValue();
		String secret = created.json().get("secret").stringValue();
		ApiClient admin = this.anonymous.as(secret);
		JsonNode tokenCreated = only(this.bootstrap, "api-token.created", tokenId);
		assertThat(tokenCreated.at("/actor/kind").stringValue()).isEqualTo("bootstrap-token");
		assertThat(tokenCreated.at("/actor/id").isNull()).isTrue();
		assertThat(tokenCreated.at("/targetType").stringValue()).isEqualTo("api-token");
		assertThat(tokenCreated.at("/details/role").stringValue()).isEqualTo("admin");

		String hostId = admin
			.post("/api/v1/hosts",
					"{\"machineId\":\"m-" + UUID.randomUUID()
							+ "\",\"hostname\":\"audited\",\"labels\":{\"env\":\"dev\"}}")
			.json()
			.get("id")
			.stringValue();
		admin.patch("/api/v1/hosts/{id}", "{\"labels\":{\"env\":\"prod\"}}", hostId);
		admin.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json",
				"{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true}}]}", hostId);
		admin.delete("/api/v1/hosts/{id}", hostId);
		admin.delete("/api/v1/hosts/{id}", hostId);

		List<JsonNode> events = this.bootstrap.get("/api/v1/audit-events?targetId=" + hostId)
			.json()
			.get("items")
			.valueStream()
			.toList();
		assertThat(events).extracting((event) -> event.get("action").stringValue())
			.as("newest first; decommissioning twice is one change")
			.containsExactly("host.decommissioned", "desired-state.set", "host.relabelled", "host.registered");
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.at("/actor/kind").stringValue()).isEqualTo("api-token");
			assertThat(event.at("/actor/id").stringValue()).isEqualTo(tokenId);
			assertThat(event.at("/actor/name").stringValue()).isEqualTo(name);
			assertThat(event.get("targetId").stringValue()).isEqualTo(hostId);
		});
		assertThat(events.get(1).at("/details/version").longValue()).isEqualTo(1);
		assertThat(events.get(1).at("/details/actions/0").stringValue()).isEqualTo("hvo.set-switch");
		assertThat(events.get(2).at("/details/before/env").stringValue()).isEqualTo("dev");
		assertThat(events.get(2).at("/details/after/env").stringValue()).isEqualTo("prod");
		assertThat(events.get(3).at("/details/created").booleanValue()).isTrue();

		this.bootstrap.delete("/api/v1/tokens/{id}", tokenId);
		assertThat(only(this.bootstrap, "api-token.revoked", tokenId).at("/details/name").stringValue())
			.isEqualTo(name);
		assertThat(this.bootstrap.get("/api/v1/audit-events?limit=500").body()).doesNotContain(secret,
				KfleetIntegrationTest.ADMIN_TOKEN);
	}

	@Test
	void pagesGoFromNewestToOldestAndFiltersAreChecked() {
		UUID target = UUID.randomUUID();
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			for (int i = 0; i < 3; i++) {
				this.audit.record(Actor.SERVICE, "test.recorded", "test", target, Map.of("n", i));
			}
		});
		ApiResponse first = this.bootstrap.get("/api/v1/audit-events?limit=2&targetId=" + target);
		assertThat(first.json().get("items")).extracting((event) -> event.at("/details/n").intValue())
			.containsExactly(2, 1);
		ApiResponse second = this.bootstrap.get("/api/v1/audit-events?limit=2&targetId=" + target + "&cursor="
				+ first.json().get("nextCursor").stringValue());
		assertThat(second.json().get("items")).extracting((event) -> event.at("/details/n").intValue())
			.containsExactly(0);
		assertThat(second.json().get("nextCursor").isNull()).isTrue();
		assertThat(
				this.bootstrap.get("/api/v1/audit-events?action=test.recorded&targetId=" + target).json().get("items"))
			.hasSize(3);
		assertThat(this.bootstrap.get("/api/v1/audit-events?action=host.registered&targetId=" + target)
			.json()
			.get("items")).isEmpty();

		for (String bad : List.of("actor=me", "action=Host.Registered", "action=" + "a".repeat(65), "targetId=x",
				"cursor=nope", "limit=0")) {
			assertThat(this.bootstrap.get("/api/v1/audit-events?" + bad).status()).as(bad).isEqualTo(400);
		}
		String operator = this.bootstrap.post("/api/v1/tokens", "{\"name\":\"o\",\"role\":\"operator\"}")
			.json()
			.get("secret")
			.stringValue();
		assertThat(this.anonymous.as(operator).get("/api/v1/audit-events").status()).isEqualTo(403);
		assertThat(this.anonymous.get("/api/v1/audit-events").status()).isEqualTo(401);
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
		assertThat(this.bootstrap.get("/api/v1/audit-events?targetId=" + target).json().get("items")).isEmpty();
	}

	private static JsonNode only(ApiClient admin, String action, String targetId) {
		JsonNode items = admin.get("/api/v1/audit-events?action=" + action + "&targetId=" + targetId)
			.json()
			.get("items");
		assertThat(items).hasSize(1);
		return items.get(0);
	}

}
