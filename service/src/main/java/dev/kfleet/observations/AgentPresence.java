package dev.kfleet.observations;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A host's agent as the service knows it.
 *
 * @param hostId the host
 * @param enrolledAt when the agent last enrolled
 * @param agentVersion the version of its last check-in
 * @param lastSequence the highest check-in sequence accepted since it enrolled
 * @param reportHash the hash of the last full report accepted
 * @param lastSeenAt its last check-in (written in batches, so up to a flush interval old)
 */
public record AgentPresence(UUID hostId, Instant enrolledAt, @Nullable String agentVersion, long lastSequence,
		@Nullable String reportHash, @Nullable Instant lastSeenAt) {
}
