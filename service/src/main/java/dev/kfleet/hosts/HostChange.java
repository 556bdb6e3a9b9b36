package dev.kfleet.hosts;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a host's history: a field that changed, from what to what, and when.
 *
 * @param id the entry's id (grows with time)
 * @param changedAt when the change was observed
 * @param field what changed (see {@code HostChange.field} in {@code openapi.yaml})
 * @param from the value before, as JSON (null when there was none)
 * @param to the value after, as JSON (null when there is none)
 */
record HostChange(long id, Instant changedAt, String field, @Nullable Object from, @Nullable Object to) {

	/** A change that is not stored yet. */
	static HostChange of(String field, @Nullable Object from, @Nullable Object to) {
		return new HostChange(0, Instant.EPOCH, field, from, to);
	}

}
