package dev.kfleet.platform;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each credential has its own rate limit on its API: a caller over it gets 429 with
 * {@code Retry-After}, and other callers go on.
 */
@KfleetIntegrationTest
@TestPropertySource(
		properties = { "kfleet.rate-limits.operator-requests-per-second=1", "kfleet.rate-limits.operator-burst=30",
				"kfleet.rate-limits.agent-requests-per-second=1", "kfleet.rate-limits.agent-burst=3",
				"kfleet.rate-limits.enroll-requests-per-second=1", "kfleet.rate-limits.enroll-burst=2" })
class RateLimitsIntegrationTests {

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
	void anApiTokenOverItsLimitGets429AndAnotherTokenDoesNot() {
		ApiClient first = this.anonymous.as(token());
		ApiClient second = this.anonymous.as(token());
		ApiResponse last = null;
		for (int i = 0; i < 40 && (last == null || last.status() != 429); i++) {
			last = first.get("/api/v1/hosts?limit=1");
		}
		assertTooMany(last);
		assertThat(second.get("/api/v1/hosts?limit=1").status()).isEqualTo(200);
	}

	@Test
	void aHostTokenOverItsLimitGets429OnCheckInsAndPings() {
		String secret = secret();
		String one = enroll(secret);
		String other = enroll(secret);
		ApiResponse last = null;
		for (int i = 0; i < 10 && (last == null || last.status() != 429); i++) {
			last = this.anonymous.as(one).get("/agent/v1/ping");
		}
		assertTooMany(last);
		assertTooMany(this.anonymous.as(one).post("/agent/v1/check-in", "{}"));
		assertThat(this.anonymous.as(other).get("/agent/v1/ping").status()).isEqualTo(204);
	}

	@Test
	void anEnrollmentSecretOverItsLimitGets429AndAnotherSecretDoesNot() {
		String secret = secret();
		ApiResponse last = null;
		for (int i = 0; i < 10 && (last == null || last.status() != 429); i++) {
			last = this.anonymous.as(secret).post("/agent/v1/enroll", enrollment());
		}
		assertTooMany(last);
		assertThat(this.anonymous.as(secret()).post("/agent/v1/enroll", enrollment()).status()).isEqualTo(201);
	}

	private static void assertTooMany(ApiResponse response) {
		assertThat(response.status()).as(response.body()).isEqualTo(429);
		assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 60L);
		assertThat(response.json().get("type").stringValue())
			.isEqualTo("https://kfleet.dev/problems/too-many-requests");
	}

	private String token() {
		return this.admin.post("/api/v1/tokens", "{\"name\":\"limited\",\"role\":\"viewer\"}")
			.json()
			.get("secret")
			.stringValue();
	}

	private String secret() {
		return this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"limited\"}")
			.json()
			.get("value")
			.stringValue();
	}

	private String enroll(String secret) {
		ApiResponse enrolled = this.anonymous.as(secret).post("/agent/v1/enroll", enrollment());
		assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
		return enrolled.json().get("hostToken").stringValue();
	}

	private static String enrollment() {
		return """
				{"machineId":"m-%s","hostname":"limited","kernelRelease":"6.18.44","agentVersion":"0.1.0"}"""
			.formatted(UUID.randomUUID());
	}

}
