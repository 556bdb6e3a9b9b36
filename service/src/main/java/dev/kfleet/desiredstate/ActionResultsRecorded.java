package dev.kfleet.desiredstate;

import java.util.List;
import java.util.UUID;

/**
 * Published in the transaction that records what a host's agent reported doing about its
 * desired state: each new result (a result the agent sends again is not published again).
 * Delivered to other modules after it commits, and again after a restart if a listener
 * did not finish (ADR 0032).
 *
 * @param hostId the host
 * @param results the new results, each naming the desired-state version it answers
 */
public record ActionResultsRecorded(UUID hostId, List<ActionResult> results) {

	public ActionResultsRecorded {
		results = List.copyOf(results);
	}

}
