package dev.kfleet.platform;

import java.time.Instant;

/**
 * The database server the service talks to is not the one it talked to before: it
 * restarted (after a crash, say), a standby was promoted, or a backup was restored. What
 * it holds may be older than what the service was told it holds, so caches that mirror
 * the database must be dropped or checked again.
 *
 * @param previousStart when the previous server started
 * @param currentStart when the current server started
 */
public record DatabaseReplaced(Instant previousStart, Instant currentStart) {
}
