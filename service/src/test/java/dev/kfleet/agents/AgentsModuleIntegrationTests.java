package dev.kfleet.agents;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;
import dev.kfleet.desiredstate.DesiredStateService;
import dev.kfleet.hosts.HostService;
import dev.kfleet.observations.AgentPresence;
import dev.kfleet.observations.ObservationService;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agents module with the modules an enrollment goes through (hosts, observations,
 * audit): a secret enrolls a new machine as a host with the secret's labels, its agent
 * gets a token and a new session; a known machine gets a new token only with proof (ADR
 * 0025), which ends the old one; every outcome is audited. The desiredstate module, which
 * the check-in policy needs but an enrollment does not, is not started (mocked).
 */
@KfleetModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@Import({ StandIns.NoApiTokens.class, StandIns.InventoryRepresentation.class })
class AgentsModuleIntegrationTests {

	static final ApiPrincipal ADMIN = new ApiPrincipal("module-test-admin", Role.ADMIN, null);

	@MockitoBean
	DesiredStateService desiredStates;

	private final EnrollmentSecretService secrets;

	private final EnrollmentSecrets enrollmentSecrets;

	private final EnrollmentService enrollments;

	private final HostTokens tokens;

	private final HostService hosts;

	private final ObservationService observations;

	private final JdbcClient jdbc;

	AgentsModuleIntegrationTests(EnrollmentSecretService secrets, EnrollmentSecrets enrollmentSecrets,
			EnrollmentService enrollments, HostTokens tokens, HostService hosts, ObservationService observations,
			JdbcClient jdbc) {
		this.secrets = secrets;
		this.enrollmentSecrets = enrollmentSecrets;
		this.enrollments = enrollments;
		this.tokens = tokens;
		this.hosts = hosts;
		this.observations = observations;
		this.jdbc = jdbc;
	}

	@Test
	void aSecretEnrollsANewMachineAsAHostWithATokenAndASession() {
		EnrollmentPrincipal secret = secret(Map.of("rack", "r12"));
		String machineId = "m-" + UUID.randomUUID();

		EnrollmentOutcome.Enrolled enrolled = (EnrollmentOutcome.Enrolled) this.enrollments.enroll(secret,
				attempt(machineId, null));

		assertThat(enrolled.grounds()).isEqualTo(Admission.Grounds.NEW);
		assertThat(this.tokens.verify(enrolled.token())).contains(new HostPrincipal(enrolled.hostId()));
		assertThat(this.hosts.get(enrolled.hostId()).labels()).containsExactlyEntriesOf(Map.of("rack", "r12"));
		AgentPresence agent = this.observations.agentsOf(List.of(enrolled.hostId())).get(enrolled.hostId());
		assertThat(agent.agentVersion()).isEqualTo("0.1.0");
		assertThat(agent.lastSequence()).isZero();
		assertThat(actionsOn(enrolled.hostId())).containsExactly("enrollment.created");
	}

	@Test
	void aKnownMachineGetsANewTokenOnlyWithProofAndTheOldOneEnds() {
		EnrollmentPrincipal secret = secret(Map.of());
		String machineId = "m-" + UUID.randomUUID();
		EnrollmentOutcome.Enrolled first = (EnrollmentOutcome.Enrolled) this.enrollments.enroll(secret,
				attempt(machineId, null));

		EnrollmentOutcome withoutProof = this.enrollments.enroll(secret, attempt(machineId, null));
		assertThat(withoutProof).isInstanceOf(EnrollmentOutcome.Refused.class);
		assertThat(this.tokens.verify(first.token())).isPresent();

		EnrollmentOutcome.Enrolled renewed = (EnrollmentOutcome.Enrolled) this.enrollments.enroll(secret,
				attempt(machineId, first.token()));
		assertThat(renewed.hostId()).isEqualTo(first.hostId());
		assertThat(renewed.grounds()).isEqualTo(Admission.Grounds.RENEWED);
		assertThat(this.tokens.verify(renewed.token())).contains(new HostPrincipal(first.hostId()));
		assertThat(this.tokens.verify(first.token())).isEmpty();
		assertThat(actionsOn(first.hostId())).containsExactly("enrollment.created", "enrollment.refused",
				"enrollment.renewed");
	}

	private EnrollmentPrincipal secret(Map<String, String> labels) {
		EnrollmentSecretService.Created created = this.secrets.create("module-test-" + UUID.randomUUID(), null, null,
				labels, ADMIN);
		return this.enrollmentSecrets.verify(created.value()).orElseThrow();
	}

	private static EnrollmentAttempt attempt(String machineId, @org.jspecify.annotations.Nullable String hostToken) {
		return new EnrollmentAttempt(machineId, "enrolled-1", "6.18.44", "0.1.0", hostToken,
				RequestKey.of(AgentFixtures.requestKey()), "192.0.2.10");
	}

	private List<String> actionsOn(UUID hostId) {
		return this.jdbc.sql("SELECT action FROM audit_event WHERE target_id = ? ORDER BY id")
			.param(hostId.toString())
			.query(String.class)
			.list();
	}

}
