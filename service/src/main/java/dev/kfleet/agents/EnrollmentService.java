package dev.kfleet.agents;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

	private final TransactionTemplate transaction;

	EnrollmentService(CheckIns checkIns, AgentCredentialRepository credentials, EnrollmentSecretRepository secrets,
			HostTokens tokens, Clock clock, MeterRegistry meters, PlatformTransactionManager transactions) {
		this.checkIns = checkIns;
		this.credentials = credentials;
		this.secrets = secrets;
		this.tokens = tokens;
		this.clock = clock;
		this.meters = meters;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Enrolls in one transaction, then counts the use of the secret outside it (see
	 * {@link EnrollmentSecretRepository#used}).
	 */
	Enrolled enroll(EnrollmentPrincipal secret, String machineId, String hostname, @Nullable String kernelRelease,
			String agentVersion) {
		Instant now = this.clock.instant();
		Enrolled enrolled = Objects.requireNonNull(this.transaction
			.execute((status) -> register(secret, machineId, hostname, kernelRelease, agentVersion, now)));
		this.secrets.used(secret.secretId(), now);
		String outcome = enrolled.created() ? "new" : "again";
		this.meters.counter("kfleet.agents.enrollments", "outcome", outcome).increment();
		log.info("Agent {} of machine {} enrolled host {} ({}) with {}", agentVersion, machineId, enrolled.hostId(),
				outcome, secret);
		return enrolled;
	}

	private Enrolled register(EnrollmentPrincipal secret, String machineId, String hostname,
			@Nullable String kernelRelease, String agentVersion, Instant now) {
		CheckIns.Enrollment enrollment = this.checkIns.enroll(machineId, hostname, kernelRelease, agentVersion);
		UUID hostId = enrollment.hostId();
		String token = Secrets.generate("kfh_");
		Optional<byte[]> previous = this.credentials.tokenOf(hostId);
		this.credentials.replace(hostId, Secrets.hash(token), secret.secretId(), now);
		previous.ifPresent(this.tokens::replaced);
		return new Enrolled(hostId, token, enrollment.created());
	}

	record Enrolled(UUID hostId, String token, boolean created) {
	}

}
