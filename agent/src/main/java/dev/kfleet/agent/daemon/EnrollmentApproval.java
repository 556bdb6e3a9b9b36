package dev.kfleet.agent.daemon;

import java.time.Duration;
import java.util.Optional;

import dev.kfleet.agent.server.ApprovalRequest;
import dev.kfleet.agent.server.RequestKey;
import dev.kfleet.agent.server.ServerException;

/**
 * The one log line of an enrollment that waits for an operator (409
 * {@code enrollment-approval-required}): the request's id, this agent's fingerprint of
 * its request key (which the operator compares with the request's), the request's state
 * and what to run. A rejected request stays rejected: the agent keeps asking, slowly, and
 * the line says how to make a new request.
 */
final class EnrollmentApproval {

	private EnrollmentApproval() {
	}

	/**
	 * Logs the line.
	 * @param log the log
	 * @param ex the 409
	 * @param state the state (its request key)
	 * @param config the configuration (the state file, the longest backoff)
	 * @param backoff the wait the backoff chose
	 * @return the wait before the next attempt: the backoff's, or the longest backoff
	 * after a rejection
	 */
	static Duration log(AgentLog log, ServerException ex, AgentState state, AgentConfig config, Duration backoff) {
		ApprovalRequest request = ex.approval()
			.orElse(new ApprovalRequest(Optional.empty(), Optional.empty(), Optional.empty()));
		String own = state.requestKey().map(RequestKey::fingerprint).orElse("-");
		String id = request.requestId().orElse("-");
		if (request.rejected()) {
			Duration wait = (config.maxBackoff().compareTo(backoff) > 0) ? config.maxBackoff() : backoff;
			log.error("enrollment-rejected", "machineId", state.machineId(), "requestId", id, "fingerprint", own,
					"requestState", "rejected", "action",
					"an operator rejected this machine's enrollment request; the agent asks again with the same key"
							+ " every " + wait.toSeconds() + " s. To make a new request: stop the agent, delete "
							+ config.stateFile() + ", start it, and have an operator approve the new request",
					"retryInMillis", wait.toMillis());
			return wait;
		}
		log.warn("enrollment-pending-approval", "machineId", state.machineId(), "requestId", id, "fingerprint", own,
				"serviceFingerprint", request.fingerprint().filter((f) -> !f.equals(own)).orElse("same"),
				"requestState", request.state().orElse("-"), "approve",
				request.requestId().map((r) -> "POST /api/v1/enrollment-requests/" + r + "/approve").orElse("-"),
				"detail", ex.detail(), "retryInMillis", backoff.toMillis());
		return backoff;
	}

}
