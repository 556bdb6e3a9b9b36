package dev.kfleet.agents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agents.AgentFixtures.Agent;
import dev.kfleet.agents.AgentFixtures.Secret;

import static dev.kfleet.agents.AgentFixtures.enrollment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@KfleetIntegrationTest
class EnrollmentSecretsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

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
	void aSecretIsShownOnceCountsItsEnrollmentsAndCanBeRevoked() {
		ApiResponse created = this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"rack-12\"}");
		assertThat(created.status()).isEqualTo(201);
		String value = created.json().get("value").stringValue();
		String id = created.json().at("/secret/id").stringValue();
		assertThat(value).startsWith("kfe_");
		assertThat(created.header("Location")).isEqualTo("/api/v1/enrollment-secrets/" + id);
		for (int i = 0; i < 2; i++) {
			this.anonymous.as(value)
				.post("/agent/v1/enroll", "{\"machineId\":\"m-" + UUID.randomUUID()
						+ "\",\"hostname\":\"h\",\"agentVersion\":\"0.1.0\"}");
		}
		JsonNode read = this.admin.get("/api/v1/enrollment-secrets/{id}", id).json();
		assertThat(read.toString()).doesNotContain(value);
		assertThat(read.get("enrollments").longValue()).isEqualTo(2);
		assertThat(read.get("hostTokens").longValue()).isEqualTo(2);
		assertThat(read.get("maxUses").isNull()).isTrue();
		assertThat(read.get("labels").isEmpty()).isTrue();
		assertThat(read.get("lastUsedAt").isNull()).isFalse();
		JsonNode revoked = this.admin.delete("/api/v1/enrollment-secrets/{id}", id).json();
		assertThat(revoked.get("state").stringValue()).isEqualTo("revoked");
		assertThat(this.anonymous.as(value)
			.post("/agent/v1/enroll", "{\"machineId\":\"m-x\",\"hostname\":\"h\",\"agentVersion\":\"0.1.0\"}")
			.status()).isEqualTo(401);
	}

	@Test
	void maxUsesIsCountedExactlyUnderConcurrentEnrollments() throws Exception {
		Secret secret = AgentFixtures.enrollmentSecret(this.admin, "\"maxUses\":5");
		List<Callable<ApiResponse>> enrollments = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			enrollments.add(() -> this.anonymous.as(secret.value())
				.post("/agent/v1/enroll", enrollment("m-" + UUID.randomUUID(), "limited")));
		}
		List<ApiResponse> answers = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(12)) {
			for (Future<ApiResponse> answer : threads.invokeAll(enrollments)) {
				answers.add(answer.get());
			}
		}
		assertThat(answers).filteredOn((answer) -> answer.status() == 201).hasSize(5);
		assertThat(answers).filteredOn((answer) -> answer.status() == 401)
			.hasSize(19)
			.allSatisfy((answer) -> assertThat(answer.json().get("detail").stringValue()).contains("used up"));
		JsonNode read = this.admin.get("/api/v1/enrollment-secrets/{id}", secret.id()).json();
		assertThat(read.get("enrollments").longValue()).isEqualTo(5);
		assertThat(read.get("hostTokens").longValue()).isEqualTo(5);
		assertThat(read.get("maxUses").longValue()).isEqualTo(5);
		assertThat(read.get("state").stringValue()).isEqualTo("used-up");
	}

	@Test
	void onlyACompletedEnrollmentIsAUseAndAUsedUpSecretSaysSo() {
		Secret secret = AgentFixtures.enrollmentSecret(this.admin, "\"maxUses\":2");
		String machineId = "m-" + UUID.randomUUID();
		assertThat(this.anonymous.as(secret.value()).post("/agent/v1/enroll", enrollment(machineId, "a")).status())
			.isEqualTo(201);
		assertThat(this.anonymous.as(secret.value()).post("/agent/v1/enroll", enrollment(machineId, "a")).status())
			.as("needs an approval")
			.isEqualTo(409);
		JsonNode once = this.admin.get("/api/v1/enrollment-secrets/{id}", secret.id()).json();
		assertThat(once.get("enrollments").longValue()).isEqualTo(1);
		assertThat(once.get("state").stringValue()).isEqualTo("active");
		assertThat(this.anonymous.as(secret.value())
			.post("/agent/v1/enroll", enrollment("m-" + UUID.randomUUID(), "b"))
			.status()).isEqualTo(201);
		assertThat(this.admin.get("/api/v1/enrollment-secrets/{id}", secret.id()).json().get("state").stringValue())
			.isEqualTo("used-up");
		for (String body : List.of(enrollment("m-" + UUID.randomUUID(), "c"), enrollment(machineId, "a"))) {
			ApiResponse refused = this.anonymous.as(secret.value()).post("/agent/v1/enroll", body);
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
			assertThat(refused.json().get("detail").stringValue()).contains("used up");
		}
		assertThat(this.admin.get("/api/v1/enrollment-secrets/{id}", secret.id()).json().get("enrollments").longValue())
			.isEqualTo(2);
	}

	@Test
	void aSecretGivesItsLabelsToTheHostsItCreates() {
		Secret secret = AgentFixtures.enrollmentSecret(this.admin,
				"\"labels\":{\"env\":\"prod\",\"kfleet.dev/pool\":\"rack-12\"}");
		JsonNode read = this.admin.get("/api/v1/enrollment-secrets/{id}", secret.id()).json();
		assertThat(read.get("labels").toString()).isEqualTo("{\"env\":\"prod\",\"kfleet.dev/pool\":\"rack-12\"}");
		String hostId = this.anonymous.as(secret.value())
			.post("/agent/v1/enroll", enrollment("m-" + UUID.randomUUID(), "labelled"))
			.json()
			.get("hostId")
			.stringValue();
		assertThat(this.admin.get("/api/v1/hosts/{id}", hostId).json().get("labels")).isEqualTo(read.get("labels"));
		for (String invalid : List.of("\"labels\":{\"bad key\":\"x\"}", "\"labels\":{\"env\":\"-x\"}", "\"maxUses\":0",
				"\"maxUses\":1000001")) {
			ApiResponse refused = this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"x\"," + invalid + "}");
			assertThat(refused.status()).as(invalid).isEqualTo(400);
		}
	}

	@Test
	void revokingASecretWithItsHostTokensStopsTheAgentsItEnrolledAndOnlyThose() {
		Secret secret = AgentFixtures.enrollmentSecret(this.admin, "");
		Secret other = AgentFixtures.enrollmentSecret(this.admin, "");
		Agent first = Agent.enroll(this.anonymous, secret.value(), "revoked");
		Agent second = Agent.enroll(this.anonymous, secret.value(), "revoked");
		Agent kept = Agent.enroll(this.anonymous, other.value(), "kept");
		assertThat(this.admin.get("/api/v1/enrollment-secrets/{id}", secret.id()).json().get("hostTokens").longValue())
			.isEqualTo(2);
		assertThat(ping(first)).isEqualTo(204);

		ApiResponse revoked = this.admin.delete("/api/v1/enrollment-secrets/{id}?revokeHostTokens=true", secret.id());
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.json().get("state").stringValue()).isEqualTo("revoked");
		assertThat(revoked.json().get("hostTokens").longValue()).isZero();
		assertThat(ping(first)).isEqualTo(401);
		assertThat(ping(second)).isEqualTo(401);
		assertThat(ping(kept)).isEqualTo(204);
		JsonNode event = this.admin.get("/api/v1/audit-events?action=enrollment-secret.revoked&targetId=" + secret.id())
			.json()
			.get("items");
		assertThat(event).singleElement()
			.satisfies((e) -> assertThat(e.at("/details/hostTokensRevoked").intValue()).isEqualTo(2));

		// Without a credential, the host's agent enrolls again with another secret.
		ApiResponse again = this.anonymous.as(other.value())
			.post("/agent/v1/enroll", enrollment(first.machineId(), first.hostname()));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("hostId").stringValue()).isEqualTo(first.hostId());
		assertThat(this.admin.delete("/api/v1/enrollment-secrets/{id}?revokeHostTokens=true", secret.id()).status())
			.isEqualTo(200);
		assertThat(this.admin.delete("/api/v1/enrollment-secrets/{id}", other.id()).status()).isEqualTo(200);
		assertThat(ping(kept)).as("revoked without its tokens").isEqualTo(204);
		assertThat(this.admin.delete("/api/v1/enrollment-secrets/{id}?revokeHostTokens=maybe", other.id()).status())
			.isEqualTo(400);
		assertThat(this.admin.delete("/api/v1/enrollment-secrets/{id}?revokeTokens=true", other.id()).status())
			.isEqualTo(400);
	}

	@Test
	void anEnrollmentUnderWayWhenItsSecretIsRevokedSeesTheRevocationAndKeepsNothing() throws Exception {
		Secret secret = AgentFixtures.enrollmentSecret(this.admin, "");
		String machineId = "m-" + UUID.randomUUID();
		try (Connection revocation = this.dataSource.getConnection();
				ExecutorService thread = Executors.newSingleThreadExecutor()) {
			// What a revocation holds while it runs
			// (EnrollmentSecretRepository.lockForRevocation).
			revocation.setAutoCommit(false);
			execute(revocation, "SELECT id FROM enrollment_secret WHERE id = ? FOR UPDATE", secret.id());
			Future<ApiResponse> enrolling = thread.submit(
					() -> this.anonymous.as(secret.value()).post("/agent/v1/enroll", enrollment(machineId, "racing")));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc
					.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
							+ "AND query LIKE 'INSERT INTO agent_credential%'")
					.query(Long.class)
					.single() > 0);
			execute(revocation, "UPDATE enrollment_secret SET revoked_at = now() WHERE id = ?", secret.id());
			revocation.commit();
			ApiResponse refused = enrolling.get();
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.json().get("detail").stringValue()).contains("revoked");
		}
		assertThat(this.admin.get("/api/v1/enrollment-secrets/{id}", secret.id()).json().get("hostTokens").longValue())
			.isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM host WHERE machine_id = ?")
			.param(machineId)
			.query(Long.class)
			.single()).as("the enrollment rolled back").isZero();
	}

	private static void execute(Connection connection, String sql, String id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, UUID.fromString(id));
			statement.execute();
		}
	}

	private int ping(Agent agent) {
		return this.anonymous.as(agent.token()).get("/agent/v1/ping").status();
	}

	@Test
	void onlyAdminsManageSecrets() {
		String viewer = this.admin.post("/api/v1/tokens", "{\"name\":\"v\",\"role\":\"operator\"}")
			.json()
			.get("secret")
			.stringValue();
		assertThat(this.anonymous.as(viewer).get("/api/v1/enrollment-secrets").status()).isEqualTo(403);
		assertThat(this.anonymous.as(viewer).post("/api/v1/enrollment-secrets", "{\"name\":\"x\"}").status())
			.isEqualTo(403);
		assertThat(this.anonymous.get("/api/v1/enrollment-secrets").status()).isEqualTo(401);
	}

	@Test
	void secretsArePaginatedAndValidated() {
		this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"p1\"}");
		this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"p2\"}");
		ApiResponse page = this.admin.get("/api/v1/enrollment-secrets?limit=1");
		assertThat(page.json().get("items")).hasSize(1);
		assertThat(page.json().get("nextCursor").isNull()).isFalse();
		assertThat(this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"\"}").status()).isEqualTo(400);
		assertThat(
				this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"x\",\"expiresAt\":\"2000-01-01T00:00:00Z\"}")
					.status())
			.isEqualTo(400);
		assertThat(this.admin.get("/api/v1/enrollment-secrets/{id}", UUID.randomUUID()).status()).isEqualTo(404);
	}

}
