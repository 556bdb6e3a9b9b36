package dev.kfleet.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which audit events a page holds: each given condition must hold.
 *
 * @param actorId the actor's credential id
 * @param actorName the actor's name
 * @param actorKind the actor's kind
 * @param action the exact action
 * @param actionGroup the action's first segment ({@code rollout} of {@code rollout.*})
 * @param targetType the target's type
 * @param targetId the target's id
 * @param outcome {@code succeeded} or {@code refused}
 * @param from the earliest time, inclusive
 * @param to the latest time, exclusive
 */
record AuditEventFilter(@Nullable String actorId, @Nullable String actorName, @Nullable String actorKind,
		@Nullable String action, @Nullable String actionGroup, @Nullable String targetType, @Nullable String targetId,
		@Nullable String outcome, @Nullable Instant from, @Nullable Instant to) {

	/** Every event. */
	static final AuditEventFilter ALL = new AuditEventFilter(null, null, null, null, null, null, null, null, null,
			null);

	/** The events about one target. */
	static AuditEventFilter target(String targetId) {
		return new AuditEventFilter(null, null, null, null, null, null, targetId, null, null, null);
	}

}
