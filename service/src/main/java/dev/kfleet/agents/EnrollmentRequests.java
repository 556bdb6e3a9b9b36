package dev.kfleet.agents;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.kfleet.audit.Actor;
import dev.kfleet.audit.AuditLog;
import dev.kfleet.hosts.HostService;
import dev.kfleet.platform.Ids;

import static dev.kfleet.agents.EnrollmentRequest.APPROVED;
import static dev.kfleet.agents.EnrollmentRequest.COMPLETED;
import static dev.kfleet.agents.EnrollmentRequest.PENDING;
import static dev.kfleet.agents.EnrollmentRequest.REJECTED;

/**
 * What an enrollment attempt does to enrollment requests, in the enrollment's
 * transaction: a refused attempt with a key makes (or counts on) the key's request; an
 * attempt that enrolls completes its key's request; an attempt that proves itself with
 * the host's token rejects the host's other open requests (the machine that holds the
 * host's token is the host's agent; another machine claiming its id is an attacker or a
 * clone that needs a machine id of its own).
 */
@Component
class EnrollmentRequests {

	private final EnrollmentRequestRepository requests;

	private final AuditLog audit;

	private final Clock clock;

	EnrollmentRequests(EnrollmentRequestRepository requests, AuditLog audit, Clock clock) {
		this.requests = requests;
		this.audit = audit;
		this.clock = clock;
	}

	/** After an attempt that enrolled. */
	void enrolled(HostService.Claim host, EnrollmentAttempt attempt, EnrollmentPrincipal secret, Admission admission,
			Instant now) {
		EnrollmentRequest request = admission.request();
		UUID completed = null;
		if (request != null && request.isOpenFor(host.hostId())) {
			this.requests.recordAttempt(request.id(), attempt, request.reason(), secret.secretId(), now);
			this.requests.transition(request.id(), List.of(PENDING, APPROVED), COMPLETED, now, null);
			completed = request.id();
		}
		if (admission.grounds() == Admission.Grounds.RENEWED) {
			String by = "host " + host.hostId() + " (its agent proved itself with its token)";
			for (EnrollmentRequest rejected : this.requests.rejectOpen(host.hostId(), completed, now, by)) {
				this.audit.record(Actor.hostToken(host.hostId()), "enrollment-request.rejected", "enrollment-request",
						rejected.id(), Map.of("hostId", host.hostId(), "machineId", rejected.machineId(), "fingerprint",
								rejected.fingerprint(), "because", "the host's agent proved itself"));
			}
		}
	}

	/**
	 * After an attempt that needs an operator's approval: records it (a new request for a
	 * new key, one more attempt on the key's request) and says why it was refused.
	 */
	EnrollmentOutcome.Refused refuse(HostService.Claim host, EnrollmentAttempt attempt, EnrollmentPrincipal secret,
			@Nullable EnrollmentRequest existing, Instant now) {
		String reason = host.decommissioned() ? "host-decommissioned" : "host-has-agent";
		RequestKey key = attempt.key();
		if (key == null) {
			return audited(host, attempt, secret, reason, new EnrollmentOutcome.Refused(null, null, null,
					needs(host, attempt) + "; send a requestKey so that an operator can approve an attempt"));
		}
		if (existing == null) {
			UUID id = Ids.newId(this.clock);
			if (this.requests.insert(id, key, host.hostId(), attempt, reason, secret.secretId(), now)) {
				return audited(host, attempt, secret, reason, pending(host, attempt, id, key.fingerprint()));
			}
		}
		EnrollmentRequest request = (existing != null) ? existing : this.requests.lockByKey(key).orElseThrow();
		return again(host, attempt, secret, request, reason, now);
	}

	/** An attempt with a key that has a request already. */
	private EnrollmentOutcome.Refused again(HostService.Claim host, EnrollmentAttempt attempt,
			EnrollmentPrincipal secret, EnrollmentRequest request, String reason, Instant now) {
		String fingerprint = request.fingerprint();
		if (!request.hostId().equals(host.hostId())) {
			return audited(host, attempt, secret, reason,
					new EnrollmentOutcome.Refused(null, fingerprint, null, "the request key with fingerprint "
							+ fingerprint + " belongs to an enrollment request for another machine; make a new key"));
		}
		this.requests.recordAttempt(request.id(), attempt, reason, secret.secretId(), now);
		return switch (request.state()) {
			case REJECTED -> new EnrollmentOutcome.Refused(request.id(), fingerprint, REJECTED, "enrollment request "
					+ request.id() + " (fingerprint " + fingerprint + ") was rejected; its request key stays refused");
			case COMPLETED -> audited(host, attempt, secret, reason,
					new EnrollmentOutcome.Refused(request.id(), fingerprint, null, "the request key with fingerprint "
							+ fingerprint + " already enrolled (request " + request.id() + "); make a new key"));
			default -> pending(host, attempt, request.id(), fingerprint);
		};
	}

	private static EnrollmentOutcome.Refused pending(HostService.Claim host, EnrollmentAttempt attempt, UUID id,
			String fingerprint) {
		return new EnrollmentOutcome.Refused(id, fingerprint, PENDING,
				needs(host, attempt) + " of enrollment request " + id + " (fingerprint " + fingerprint + ")");
	}

	/**
	 * What the attempt lacks: "… needs the host's current token … or an operator's
	 * approval".
	 */
	private static String needs(HostService.Claim host, EnrollmentAttempt attempt) {
		return host.decommissioned()
				? "machine " + attempt.machineId()
						+ " is a decommissioned host: enrolling it again needs an operator's approval"
				: "machine " + attempt.machineId() + " is a host with an active agent: enrolling it again needs "
						+ "the host's current token (hostToken) or an operator's approval";
	}

	private EnrollmentOutcome.Refused audited(HostService.Claim host, EnrollmentAttempt attempt,
			EnrollmentPrincipal secret, String reason, EnrollmentOutcome.Refused refused) {
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("machineId", attempt.machineId());
		details.put("hostname", attempt.hostname());
		details.put("reason", reason);
		details.put("requestId", refused.requestId());
		details.put("fingerprint", refused.fingerprint());
		details.put("sourceAddress", attempt.sourceAddress());
		this.audit.recordRefused(secret.actor(), "enrollment.refused", "host", host.hostId(), details);
		return refused;
	}

}
