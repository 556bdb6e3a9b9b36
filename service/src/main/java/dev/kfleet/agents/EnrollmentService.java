package dev.kfleet.agents;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.hosts.CheckIns;
import dev.kfleet.platform.Secrets;

/**
 * Enrolls an agent: its machine becomes (or stays) a host, and it gets a new host token
 * that replaces any earlier one.
 */
@Service
class EnrollmentService {

	private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);

	private final CheckIns checkIns;

	private final AgentCredentialRepository credentials;

	private final EnrollmentSecretRepository secrets;

	private final HostTokens tokens;

	private final Clock clock;

	private final MeterRegistry meters;

	EnrollmentService(CheckIns checkIns, AgentCredentialRepository credentials, EnrollmentSecretRepository secrets,
			HostTokens tokens, Clock clock, MeterRegistry meters) {
		this.checkIns = checkIns;
		this.credentials = credentials;
		this.secrets = secrets;
		this.tokens = tokens;
		this.clock = clock;
		this.meters = meters;
	}

	@Transactional
	Enrolled enroll(EnrollmentPrincipal secret, String machineId, String hostname, @Nullable String kernelRelease,
			String agentVersion) {
		CheckIns.Enrollment enrollment = this.checkIns.enroll(machineId, hostname, kernelRelease, agentVersion);
		UUID hostId = enrollment.hostId();
		Instant now = this.clock.instant();
		String token = Secrets.generate("kfh_");
		Optional<byte[]> previous = this.credentials.tokenOf(hostId);
		this.credentials.replace(hostId, Secrets.hash(token), secret.secretId(), now);
		this.secrets.used(secret.secretId(), now);
		previous.ifPresent(this.tokens::replaced);
		String outcome = enrollment.created() ? "new" : "again";
		this.meters.counter("kfleet.agents.enrollments", "outcome", outcome).increment();
		log.info("Agent {} of machine {} enrolled host {} ({}) with {}", agentVersion, machineId, hostId, outcome,
				secret);
		return new Enrolled(hostId, token, enrollment.created());
	}

	record Enrolled(UUID hostId, String token, boolean created) {
	}

}
