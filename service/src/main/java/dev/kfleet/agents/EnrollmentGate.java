package dev.kfleet.agents;

import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.kfleet.hosts.HostService;
import dev.kfleet.platform.Secrets;

/**
 * Decides whether an enrollment of a known machine may go on (ADR 0025): it may when the
 * host has no agent credential, when the attempt carries the host's current token, or
 * when an operator approved the request of the attempt's key. A decommissioned host needs
 * the approval. A key whose request was rejected or completed, or was made for another
 * machine, cannot be used again: only the host's token still enrolls with it.
 */
@Component
class EnrollmentGate {

	private final AgentCredentialRepository credentials;

	private final EnrollmentRequestRepository requests;

	EnrollmentGate(AgentCredentialRepository credentials, EnrollmentRequestRepository requests) {
		this.credentials = credentials;
		this.requests = requests;
	}

	/** Runs in the enrollment's transaction, which holds the host's row. */
	Admission admit(HostService.Claim host, EnrollmentAttempt attempt) {
		if (host.created()) {
			return new Admission(Admission.Grounds.NEW, null, null);
		}
		EnrollmentRequest request = (attempt.key() != null) ? this.requests.lockByKey(attempt.key()).orElse(null)
				: null;
		byte[] current = null;
		if (!host.decommissioned()) {
			current = this.credentials.tokenOf(host.hostId()).orElse(null);
			if (current != null && proves(attempt.hostToken(), current)) {
				return new Admission(Admission.Grounds.RENEWED, request, current);
			}
			boolean keyUsable = request == null || request.isOpenFor(host.hostId());
			if (current == null && keyUsable) {
				return new Admission(Admission.Grounds.AGAIN, request, null);
			}
		}
		if (request != null && request.isApprovedFor(host.hostId())) {
			return new Admission(Admission.Grounds.APPROVED, request, current);
		}
		return new Admission(Admission.Grounds.REFUSED, request, current);
	}

	/** Whether a token is the one whose hash is {@code current}, in constant time. */
	private static boolean proves(@Nullable String hostToken, byte[] current) {
		return hostToken != null && MessageDigest.isEqual(Secrets.hash(hostToken), current);
	}

}
