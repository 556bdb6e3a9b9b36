package dev.kfleet.tokens;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@KfleetIntegrationTest
class ApiTokensIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	ApiClient anonymous;

	ApiClient admin;

	@BeforeEach
	void setUp() {
		this.anonymous = new ApiClient(this.port);
		this.admin = this.anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
	}

	@Test
	void everyApiCallNeedsABearerToken() {
		ApiResponse response = this.anonymous.get("/api/v1/hosts");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(this.anonymous.as("not-a-token").get("/api/v1/hosts").status()).isEqualTo(401);
		ApiResponse basic = this.anonymous.send("GET", "/api/v1/hosts", null, null,
				java.util.List.of("Authorization", "Basic YWRtaW46YWRtaW4="));
		assertThat(basic.status()).isEqualTo(401);
	}

	@Test
	void aViewerReadsButCannotWrite() {
		ApiClient viewer = this.anonymous.as(create("viewer").get("secret").stringValue());
		assertThat(viewer.get("/api/v1/hosts").status()).isEqualTo(200);
		assertThat(viewer.post("/api/v1/hosts", registration()).status()).isEqualTo(403);
		assertThat(viewer.get("/api/v1/tokens").status()).isEqualTo(403);
		assertThat(viewer.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"admin\"}").status()).isEqualTo(403);
	}

	@Test
	void anOperatorReadsButCannotManageHostsOrTokens() {
		ApiClient operator = this.anonymous.as(create("operator").get("secret").stringValue());
		assertThat(operator.get("/api/v1/hosts").status()).isEqualTo(200);
		assertThat(operator.post("/api/v1/hosts", registration()).status()).isEqualTo(403);
		assertThat(operator.get("/api/v1/tokens").status()).isEqualTo(403);
	}

	@Test
	void anAdminTokenDoesEverything() {
		ApiClient admin = this.anonymous.as(create("admin").get("secret").stringValue());
		assertThat(admin.post("/api/v1/hosts", registration()).status()).isEqualTo(201);
		assertThat(admin.get("/api/v1/tokens").status()).isEqualTo(200);
		JsonNode created = admin.post("/api/v1/tokens", "{\"name\":\"made-by-admin\",\"role\":\"viewer\"}").json();
		assertThat(created.at("/token/createdBy").stringValue()).startsWith("test-admin-");
	}

	@Test
	void aTokenIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
		JsonNode created = create("viewer");
		String secret = created.get("secret").stringValue();
		String id = created.at("/token/id").stringValue();
		assertThat(secret).startsWith("kfa_").hasSizeGreaterThan(40);
		ApiResponse read = this.admin.get("/api/v1/tokens/{id}", id);
		assertThat(read.body()).doesNotContain(secret);
		assertThat(read.json().get("hint").stringValue()).isEqualTo(secret.substring(0, 8) + "…");
		byte[] stored = this.jdbc.sql("SELECT secret_hash FROM api_token WHERE id = CAST(? AS uuid)")
			.param(id)
			.query(byte[].class)
			.single();
		assertThat(stored)
			.isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		Integer plain = this.jdbc.sql("SELECT count(*) FROM api_token WHERE position(? in secret_hint || name) > 0")
			.param(secret)
			.query(Integer.class)
			.single();
		assertThat(plain).isZero();
	}

	@Test
	void aRevokedTokenStopsWorkingAtOnceAndStaysOnRecord() {
		JsonNode created = create("viewer");
		ApiClient viewer = this.anonymous.as(created.get("secret").stringValue());
		assertThat(viewer.get("/api/v1/hosts").status()).isEqualTo(200);
		ApiResponse revoked = this.admin.delete("/api/v1/tokens/{id}", created.at("/token/id").stringValue());
		assertThat(revoked.json().get("state").stringValue()).isEqualTo("revoked");
		assertThat(viewer.get("/api/v1/hosts").status()).isEqualTo(401);
		assertThat(this.admin.delete("/api/v1/tokens/{id}", created.at("/token/id").stringValue()).status())
			.isEqualTo(200);
		assertThat(this.admin.get("/api/v1/tokens/{id}", created.at("/token/id").stringValue()).status())
			.isEqualTo(200);
	}

	@Test
	void anExpiredTokenIsRefused() {
		JsonNode created = create("viewer");
		this.jdbc.sql("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = CAST(? AS uuid)")
			.param(created.at("/token/id").stringValue())
			.update();
		assertThat(this.anonymous.as(created.get("secret").stringValue()).get("/api/v1/hosts").status()).isEqualTo(401);
		assertThat(this.admin.get("/api/v1/tokens/{id}", created.at("/token/id").stringValue())
			.json()
			.get("state")
			.stringValue()).isEqualTo("expired");
	}

	@Test
	void tokenRequestsAreValidated() {
		assertThat(this.admin.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"root\"}").status()).isEqualTo(400);
		assertThat(this.admin.post("/api/v1/tokens", "{\"name\":\"\",\"role\":\"viewer\"}").status()).isEqualTo(400);
		assertThat(this.admin
			.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"viewer\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}")
			.status()).isEqualTo(400);
		assertThat(this.admin.get("/api/v1/tokens/{id}", UUID.randomUUID()).status()).isEqualTo(404);
	}

	@Test
	void tokensArePaginated() {
		for (int i = 0; i < 3; i++) {
			create("viewer");
		}
		Set<String> seen = new HashSet<>();
		String cursor = null;
		int pages = 0;
		do {
			ApiResponse page = this.admin.get("/api/v1/tokens?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""));
			page.json().get("items").forEach((token) -> assertThat(seen.add(token.get("id").stringValue())).isTrue());
			JsonNode next = page.json().get("nextCursor");
			cursor = next.isNull() ? null : next.stringValue();
			pages++;
		}
		while (cursor != null);
		assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
		assertThat(pages).isGreaterThanOrEqualTo(2);
	}

	@Test
	void metricsAndHealthAreOpenWithoutAToken() {
		assertThat(this.anonymous.get("/actuator/health").status()).isEqualTo(200);
		assertThat(this.anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(this.anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
	}

	private JsonNode create(String role) {
		ApiResponse response = this.admin.post("/api/v1/tokens",
				"{\"name\":\"test-" + role + "-" + UUID.randomUUID() + "\",\"role\":\"" + role + "\"}");
		assertThat(response.status()).isEqualTo(201);
		return response.json();
	}

	private static String registration() {
		return "{\"machineId\":\"m-" + UUID.randomUUID() + "\",\"hostname\":\"h\"}";
	}

}
