package dev.kfleet.agents;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.KillablePostgres;
import dev.kfleet.ServiceInstance;
import dev.kfleet.agents.AgentFixtures.Agent;

import static dev.kfleet.agents.AgentFixtures.checkIn;
import static dev.kfleet.agents.AgentFixtures.checkInHashOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database that stops answering without failing (its processes stopped): health says
 * DOWN while it hangs instead of waiting for it, agents get 503 with {@code Retry-After}
 * once the service's view of the desired state is older than its bound, and everything
 * works again when it answers.
 */
class DatabaseStallIntegrationTests {

	static final String REPORT = AgentReports.report(AgentReports.HVO_OFF);

	@Test
	void whileTheDatabaseHangsHealthIsDownAndCheckInsGet503WithRetryAfter() throws Exception {
		try (KillablePostgres postgres = KillablePostgres.start();
				ServiceInstance service = ServiceInstance.start(postgres.createDatabase("kfleet"),
						Map.of("kfleet.database.probe-interval", "200ms", "kfleet.database.probe-timeout", "1s",
								"kfleet.desired-state.max-staleness", "2s"))) {
			ApiClient anonymous = service.client();
			String secret = AgentFixtures.enrollmentSecret(anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN));
			Agent agent = Agent.enroll(anonymous, secret, "stall");
			ApiClient host = anonymous.as(agent.token());
			assertThat(host.post("/agent/v1/check-in", checkIn(1, REPORT)).status()).isEqualTo(200);
			postgres.freeze();
			try {
				await().untilAsserted(() -> assertThat(health(service).status()).isEqualTo(503));
				assertThat(health(service).body()).contains("DOWN");
				long[] sequence = { 1 };
				await().untilAsserted(() -> {
					ApiResponse refused = host.post("/agent/v1/check-in", checkInHashOnly(++sequence[0], REPORT));
					assertThat(refused.status()).isEqualTo(503);
					assertThat(refused.json().get("type").stringValue()).endsWith("/unavailable");
					assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
				});
			}
			finally {
				postgres.thaw();
			}
			await().untilAsserted(() -> assertThat(health(service).status()).isEqualTo(200));
			await()
				.untilAsserted(() -> assertThat(host.post("/agent/v1/check-in", checkInHashOnly(100, REPORT)).status())
					.isEqualTo(200));
		}
	}

	private static ApiResponse health(ServiceInstance service) {
		return service.client().withoutContractChecks().get("/actuator/health");
	}

}
