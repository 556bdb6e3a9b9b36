package dev.kfleet.agents;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agents.AgentFixtures.Agent;
import dev.kfleet.platform.DatabaseReplaced;

import static dev.kfleet.agents.AgentFixtures.checkIn;
import static dev.kfleet.agents.AgentFixtures.checkInHashOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A report the service acknowledged but the database no longer holds (lost in a crash
 * after an asynchronous commit, or by a restore or a failover) is asked for again: the
 * heartbeat flush finds out, or the database server's change does.
 */
@KfleetIntegrationTest
class AcknowledgedReportsIntegrationTests {

	static final String HVO_OFF = AgentReports.report(AgentReports.HVO_OFF);

	static final String HVO_ON = AgentReports.report(AgentReports.HVO_ON_128);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationEventPublisher events;

	ApiClient anonymous;

	Agent agent;

	@BeforeEach
	void setUp() {
		this.anonymous = new ApiClient(this.port);
		String secret = AgentFixtures.enrollmentSecret(this.anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN));
		this.agent = Agent.enroll(this.anonymous, secret, "ack");
		accepted(checkIn(1, HVO_OFF));
		accepted(checkIn(2, HVO_ON));
	}

	@Test
	void aHeartbeatFlushThatFindsTheAcknowledgedReportGoneAsksForTheFullReport() {
		loseTheLastReport();
		ApiResponse heartbeat = accepted(checkInHashOnly(3, HVO_ON));
		assertThat(heartbeat.json().get("fullReportWanted").booleanValue()).isFalse();
		await().untilAsserted(() -> assertThat(
				accepted(checkInHashOnly(nextSequence(), HVO_ON)).json().get("fullReportWanted").booleanValue())
			.isTrue());
		accepted(checkIn(nextSequence(), HVO_ON));
		assertThat(storedHash()).isEqualTo(AgentReports.sha256(HVO_ON));
	}

	@Test
	void aHeartbeatOlderThanAnAcceptedReportIsNotTakenForALoss() {
		accepted(checkInHashOnly(3, HVO_ON));
		accepted(checkIn(4, HVO_OFF));
		// The flush of sequence 3 (hash of HVO_ON) meets the database holding sequence 4
		// (HVO_OFF): nothing was lost.
		await().until(() -> lastSequence() == 4);
		for (int i = 0; i < 3; i++) {
			assertThat(accepted(checkInHashOnly(nextSequence(), HVO_OFF)).json().get("fullReportWanted").booleanValue())
				.isFalse();
		}
	}

	@Test
	void aReplacedDatabaseServerMakesEverySessionBeReadAgain() {
		loseTheLastReport();
		this.events.publishEvent(new DatabaseReplaced(Instant.EPOCH, Instant.now()));
		assertThat(accepted(checkInHashOnly(3, HVO_ON)).json().get("fullReportWanted").booleanValue()).isTrue();
	}

	/** What a crash after an asynchronous commit does: the row as it was before. */
	private void loseTheLastReport() {
		this.jdbc.sql("UPDATE host_agent SET report_hash = ?, last_sequence = 1 WHERE host_id = ?")
			.params(AgentReports.sha256(HVO_OFF), UUID.fromString(this.agent.hostId()))
			.update();
	}

	private ApiResponse accepted(String body) {
		ApiResponse response = this.anonymous.as(this.agent.token()).post("/agent/v1/check-in", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("accepted").booleanValue()).as(response.body()).isTrue();
		this.sequence = response.json().get("acknowledgedSequence").longValue();
		return response;
	}

	private long sequence;

	private long nextSequence() {
		return this.sequence + 1;
	}

	private String storedHash() {
		return this.jdbc.sql("SELECT report_hash FROM host_agent WHERE host_id = ?")
			.param(UUID.fromString(this.agent.hostId()))
			.query(String.class)
			.single();
	}

	private long lastSequence() {
		return this.jdbc.sql("SELECT last_sequence FROM host_agent WHERE host_id = ?")
			.param(UUID.fromString(this.agent.hostId()))
			.query(Long.class)
			.single();
	}

}
