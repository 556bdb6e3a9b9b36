package dev.kfleet.agents;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What became of an enrollment attempt.
 */
sealed interface EnrollmentOutcome {

	/** The outcome as the metrics name it. */
	String outcome();

	/**
	 * The agent enrolled.
	 *
	 * @param hostId its host
	 * @param token the host's new token
	 * @param grounds why it could
	 */
	record Enrolled(UUID hostId, String token, Admission.Grounds grounds) implements EnrollmentOutcome {

		boolean created() {
			return this.grounds == Admission.Grounds.NEW;
		}

		@Override
		public String outcome() {
			return this.grounds.outcome();
		}

	}

	/**
	 * The attempt needs an operator's approval (409); nothing changed for the host.
	 *
	 * @param requestId the request of its key, if it has one
	 * @param fingerprint the fingerprint of its key, if it has one
	 * @param requestState {@code pending} or {@code rejected}, if the key has a request
	 * that can be decided
	 * @param detail what the agent's operator should know
	 */
	record Refused(@Nullable UUID requestId, @Nullable String fingerprint, @Nullable String requestState,
			String detail) implements EnrollmentOutcome {

		@Override
		public String outcome() {
			return EnrollmentRequest.REJECTED.equals(this.requestState) ? "rejected" : "refused";
		}

	}

}
