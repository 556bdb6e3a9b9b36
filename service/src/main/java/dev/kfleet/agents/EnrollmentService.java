package dev.kfleet.agents;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.audit.AuditLog;
import dev.kfleet.hosts.HostService;

/**
 * Enrolls an agent (ADR 0025). A new machine becomes a host with the secret's labels. A
 * known machine's host gets a new token, replacing the one it had, only when it has no
 * agent credential, when the agent proves itself with the host's current token, or when
 * an operator approved the request of the attempt's key; otherwise nothing changes for
 * the host and the attempt is refused (409) and recorded as an enrollment request. Every
 * outcome is audited and counted ({@code kfleet.agents.enrollments}).
 */
@Service
class EnrollmentService {

	private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);

	private final HostService hosts;

	private final EnrollmentGate gate;

	private final HostCredentials credentials;

	private final EnrollmentRequests requests;

	private final EnrollmentSecretRepository secrets;

	private final AuditLog audit;

	private final Clock clock;

	private final MeterRegistry meters;

	private final TransactionTemplate transaction;

	EnrollmentService(HostService hosts, EnrollmentGate gate, HostCredentials credentials, EnrollmentRequests requests,
			EnrollmentSecretRepository secrets, AuditLog audit, Clock clock, MeterRegistry meters,
			PlatformTransactionManager transactions) {
		this.hosts = hosts;
		this.gate = gate;
		this.credentials = credentials;
		this.requests = requests;
		this.secrets = secrets;
		this.audit = audit;
		this.clock = clock;
		this.meters = meters;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Decides and enrolls in one transaction; the use of a secret without a limit is
	 * counted after it (see {@link EnrollmentSecretRepository#used}), a limited one's in
	 * it.
	 * @throws UnusableEnrollmentSecret when the secret is used up, revoked or expired
	 */
	EnrollmentOutcome enroll(EnrollmentPrincipal secret, EnrollmentAttempt attempt) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		EnrollmentOutcome outcome;
		try {
			outcome = Objects.requireNonNull(this.transaction.execute((status) -> decide(secret, attempt, now)));
		}
		catch (UnusableEnrollmentSecret ex) {
			count("unusable-secret");
			throw ex;
		}
		if (outcome instanceof EnrollmentOutcome.Enrolled && !secret.limited()) {
			this.secrets.used(secret.secretId(), now);
		}
		count(outcome.outcome());
		log(secret, attempt, outcome);
		return outcome;
	}

	private EnrollmentOutcome decide(EnrollmentPrincipal secret, EnrollmentAttempt attempt, Instant now) {
		EnrollmentSecret stored = this.secrets.readForEnrollment(secret.secretId(), secret.limited())
			.orElseThrow(() -> UnusableEnrollmentSecret.inactive(secret));
		if (!stored.secret().isActive(now)) {
			throw UnusableEnrollmentSecret.inactive(secret);
		}
		if (stored.isUsedUp()) {
			throw UnusableEnrollmentSecret.usedUp(secret, Objects.requireNonNull(stored.maxUses()));
		}
		HostService.Claim host = this.hosts.claim(attempt.machineId(), attempt.hostname(), attempt.kernelRelease(),
				stored.labels());
		Admission admission = this.gate.admit(host, attempt);
		if (admission.grounds() == Admission.Grounds.REFUSED) {
			return this.requests.refuse(host, attempt, secret, admission.request(), now);
		}
		String token = this.credentials.issue(host.hostId(), attempt, secret.secretId(), admission.currentToken(), now);
		this.requests.enrolled(host, attempt, secret, admission, now);
		countUse(secret, stored, now);
		audit(secret, attempt, host, admission);
		return new EnrollmentOutcome.Enrolled(host.hostId(), token, admission.grounds());
	}

	/**
	 * A limited secret's use is counted here, exactly (its row is held); a secret without
	 * a limit is checked for a revocation that came while the credential was written.
	 */
	private void countUse(EnrollmentPrincipal secret, EnrollmentSecret stored, Instant now) {
		if (secret.limited()) {
			if (!this.secrets.countUse(secret.secretId(), now)) {
				throw UnusableEnrollmentSecret.usedUp(secret, Objects.requireNonNull(stored.maxUses()));
			}
		}
		else if (this.secrets.isRevoked(secret.secretId())) {
			throw UnusableEnrollmentSecret.inactive(secret);
		}
	}

	private void audit(EnrollmentPrincipal secret, EnrollmentAttempt attempt, HostService.Claim host,
			Admission admission) {
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("machineId", attempt.machineId());
		details.put("hostname", attempt.hostname());
		details.put("agentVersion", attempt.agentVersion());
		details.put("sourceAddress", attempt.sourceAddress());
		if (host.created()) {
			this.audit.record(secret.actor(), "enrollment.created", "host", host.hostId(), details);
			return;
		}
		details.put("via", admission.grounds().via());
		details.put("requestId", (admission.request() != null) ? admission.request().id() : null);
		details.put("reactivated", host.decommissioned());
		this.audit.record(secret.actor(), "enrollment.renewed", "host", host.hostId(), details);
	}

	private void count(String outcome) {
		Counter.builder("kfleet.agents.enrollments")
			.description("Agent enrollment attempts by outcome: new, again (a host without an agent credential), "
					+ "renewed (with the host's token), approved-completed, refused, rejected, unusable-secret")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private static void log(EnrollmentPrincipal secret, EnrollmentAttempt attempt, EnrollmentOutcome outcome) {
		if (outcome instanceof EnrollmentOutcome.Enrolled enrolled) {
			log.info("Agent {} of machine {} enrolled host {} ({}) with {}", attempt.agentVersion(),
					attempt.machineId(), enrolled.hostId(), enrolled.outcome(), secret);
		}
		else if (outcome instanceof EnrollmentOutcome.Refused refused) {
			log.info("Enrollment of machine {} from {} with {} refused: {}", attempt.machineId(),
					attempt.sourceAddress(), secret, refused.detail());
		}
	}

}
