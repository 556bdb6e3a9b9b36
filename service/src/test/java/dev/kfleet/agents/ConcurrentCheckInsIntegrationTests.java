package dev.kfleet.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agents.AgentFixtures.Agent;

import static dev.kfleet.agents.AgentFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changed reports that arrive together are stored together (group commit); each check-in
 * still gets its own, correct answer.
 */
@KfleetIntegrationTest
class ConcurrentCheckInsIntegrationTests {

	static final String HVO_OFF = AgentReports.report(AgentReports.HVO_OFF);

	static final String HVO_ON = AgentReports.report(AgentReports.HVO_ON_128);

	@LocalServerPort
	int port;

	ApiClient anonymous;

	ApiClient admin;

	String secret;

	@BeforeEach
	void setUp() {
		this.anonymous = new ApiClient(this.port);
		this.admin = this.anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
		this.secret = AgentFixtures.enrollmentSecret(this.admin);
	}

	@Test
	void manyAgentsReportingAtOnceAreEachRecorded() throws Exception {
		String prefix = "c" + UUID.randomUUID().toString().substring(0, 8);
		List<Agent> agents = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			agents.add(Agent.enroll(this.anonymous, this.secret, prefix));
		}
		List<Callable<ApiResponse>> calls = new ArrayList<>();
		for (int i = 0; i < agents.size(); i++) {
			Agent agent = agents.get(i);
			String report = (i % 2 == 0) ? HVO_ON : HVO_OFF;
			calls.add(() -> this.anonymous.as(agent.token()).post("/agent/v1/check-in", checkIn(1, report)));
		}
		try (ExecutorService executor = Executors.newFixedThreadPool(20)) {
			for (Future<ApiResponse> response : executor.invokeAll(calls)) {
				assertThat(response.get().json().get("accepted").booleanValue()).isTrue();
			}
		}
		for (int i = 0; i < agents.size(); i++) {
			String hvo = this.admin.get("/api/v1/hosts/{id}", agents.get(i).hostId())
				.json()
				.at("/observed/hvo")
				.stringValue();
			assertThat(hvo).as("host %d", i).isEqualTo((i % 2 == 0) ? "on" : "off");
		}
	}

	@Test
	void ofTwoReportsOfOneHostSentAtOnceTheNewerOneIsKept() throws Exception {
		Agent agent = Agent.enroll(this.anonymous, this.secret, "twice");
		ApiClient host = this.anonymous.as(agent.token());
		for (int round = 0; round < 5; round++) {
			long older = 2 * round + 1;
			String first = (round % 2 == 0) ? HVO_OFF : HVO_ON;
			String second = (round % 2 == 0) ? HVO_ON : HVO_OFF;
			List<Callable<ApiResponse>> calls = List.of(() -> host.post("/agent/v1/check-in", checkIn(older, first)),
					() -> host.post("/agent/v1/check-in", checkIn(older + 1, second)));
			try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
				for (Future<ApiResponse> response : executor.invokeAll(calls)) {
					assertThat(response.get().status()).isEqualTo(200);
				}
			}
			ApiResponse report = this.admin.get("/api/v1/hosts/{id}/report", agent.hostId());
			assertThat(report.json().get("sequence").longValue()).isEqualTo(older + 1);
			assertThat(this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().at("/observed/hvo").stringValue())
				.isEqualTo((round % 2 == 0) ? "on" : "off");
		}
	}

}
