package dev.kfleet.agents;

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
class EnrollmentSecretsIntegrationTests {

	@LocalServerPort
	int port;

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
		assertThat(read.get("lastUsedAt").isNull()).isFalse();
		JsonNode revoked = this.admin.delete("/api/v1/enrollment-secrets/{id}", id).json();
		assertThat(revoked.get("state").stringValue()).isEqualTo("revoked");
		assertThat(this.anonymous.as(value)
			.post("/agent/v1/enroll", "{\"machineId\":\"m-x\",\"hostname\":\"h\",\"agentVersion\":\"0.1.0\"}")
			.status()).isEqualTo(401);
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
