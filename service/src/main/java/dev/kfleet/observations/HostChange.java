package dev.kfleet.observations;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a host's history: what one observation (an enrollment, or an accepted
 * report) changed, and when.
 *
 * @param id the entry's id (grows with time)
 * @param changedAt when the change was observed
 * @param changes the fields that changed, at least one
 */
record HostChange(long id, Instant changedAt, List<FieldChange> changes) {

	HostChange {
		changes = List.copyOf(changes);
	}

}
