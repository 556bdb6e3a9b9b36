package dev.kfleet.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of the audit log.
 *
 * @param id grows with time
 * @param at when it happened
 * @param actor who did it
 * @param action what was done, e.g. {@code host.decommissioned}
 * @param targetType what kind of thing it was done to
 * @param targetId which one
 * @param details what else matters about it (never a secret)
 */
record AuditEvent(long id, Instant at, Actor actor, String action, String targetType, @Nullable String targetId,
		JsonNode details) {
}
