package dev.kfleet.observations;

import org.jspecify.annotations.Nullable;

/**
 * A field of a host's observed state that changed, from what to what: one of the changes
 * of a {@link HostChange}.
 *
 * @param field what changed (see {@code FieldChange.field} in {@code openapi.yaml})
 * @param from the value before, as JSON (null when there was none)
 * @param to the value after, as JSON (null when there is none)
 */
record FieldChange(String field, @Nullable Object from, @Nullable Object to) {
}
