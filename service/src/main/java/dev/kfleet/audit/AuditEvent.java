package dev.kfleet.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of the audit log.
 *
 * @param id grows with time
 * @param at when it happened
 * @param actor who did it, with the role of an API token
 * @param action what was done, e.g. {@code host.decommissioned}
 * @param targetType what kind of thing it was done to
 * @param targetId which one
 * @param outcome {@value #SUCCEEDED} or {@value #REFUSED}
 * @param reason the reason the caller gave, if any
 * @param details what else matters about it (never a secret)
 */
record AuditEvent(long id, Instant at, Actor actor, String action, String targetType, @Nullable String targetId,
		String outcome, @Nullable String reason, JsonNode details) {

	/** The action was done. */
	static final String SUCCEEDED = "succeeded";

	/** The action was refused: not allowed, or not possible in the target's state. */
	static final String REFUSED = "refused";

}
