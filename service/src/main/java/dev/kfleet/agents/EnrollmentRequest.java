package dev.kfleet.agents;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An enrollment attempt that needs an operator's approval, as the API shows it (its key
 * only by its fingerprint).
 *
 * @param id its id
 * @param hostId the host whose machine id the attempt named
 * @param machineId that machine id
 * @param hostname the host name the latest attempt gave
 * @param kernelRelease the kernel release it gave
 * @param agentVersion the agent version it gave
 * @param reason {@code host-has-agent} or {@code host-decommissioned}
 * @param fingerprint the first 16 hex digits of the SHA-256 of its key
 * @param enrollmentSecretId the secret of the latest attempt
 * @param sourceAddress where the latest attempt came from
 * @param state {@code pending}, {@code approved}, {@code rejected} or {@code completed}
 * @param attempts how many attempts were made with its key
 * @param firstAttemptAt the first
 * @param lastAttemptAt the latest
 * @param decidedAt when it was approved or rejected
 * @param decidedBy who approved or rejected it
 */
record EnrollmentRequest(UUID id, UUID hostId, String machineId, String hostname, @Nullable String kernelRelease,
		String agentVersion, String reason, String fingerprint, UUID enrollmentSecretId, @Nullable String sourceAddress,
		String state, long attempts, Instant firstAttemptAt, Instant lastAttemptAt, @Nullable Instant decidedAt,
		@Nullable String decidedBy) {

	static final String PENDING = "pending";

	static final String APPROVED = "approved";

	static final String REJECTED = "rejected";

	static final String COMPLETED = "completed";

	/** Whether an attempt for this host may still enroll with it (once approved). */
	boolean isOpenFor(UUID host) {
		return this.hostId.equals(host) && (PENDING.equals(this.state) || APPROVED.equals(this.state));
	}

	boolean isApprovedFor(UUID host) {
		return this.hostId.equals(host) && APPROVED.equals(this.state);
	}

}
