package dev.kfleet.agents;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agents.AgentFixtures.Agent;

import static org.assertj.core.api.Assertions.assertThat;

@KfleetIntegrationTest
class HostTokensIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	HostTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aTokenRevokedThroughAnotherReplicaStopsWorkingOnceTheTrustedTokensAreChecked() {
		ApiClient anonymous = new ApiClient(this.port);
		String secret = AgentFixtures.enrollmentSecret(anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN));
		Agent kept = Agent.enroll(anonymous, secret, "tokens");
		Agent revoked = Agent.enroll(anonymous, secret, "tokens");
		assertThat(anonymous.as(kept.token()).get("/agent/v1/ping").status()).isEqualTo(204);
		assertThat(anonymous.as(revoked.token()).get("/agent/v1/ping").status()).isEqualTo(204);

		// What another replica's decommission leaves in the database; this replica has
		// both tokens in its cache.
		this.jdbc.sql("DELETE FROM agent_credential WHERE host_id = ?")
			.param(UUID.fromString(revoked.hostId()))
			.update();
		this.tokens.revalidate();

		assertThat(anonymous.as(revoked.token()).get("/agent/v1/ping").status()).isEqualTo(401);
		assertThat(anonymous.as(kept.token()).get("/agent/v1/ping").status()).isEqualTo(204);
	}

}
