package dev.kfleet.agent.server;

import java.util.Optional;

/**
 * The enrollment request an attempt made for an operator's approval (the 409
 * {@code EnrollmentApprovalProblem}).
 *
 * @param requestId the request, to approve with {@code POST
 * /api/v1/enrollment-requests/{id}/approve}; empty when the attempt had no request key
 * @param fingerprint the first 16 hex digits of the SHA-256 of the request key, as the
 * service shows it
 * @param state {@code pending} or {@code rejected}
 */
public record ApprovalRequest(Optional<String> requestId, Optional<String> fingerprint, Optional<String> state) {

	/**
	 * Tells whether an operator rejected the request; it stays rejected.
	 * @return whether it was rejected
	 */
	public boolean rejected() {
		return this.state.filter("rejected"::equals).isPresent();
	}

}
