package dev.kfleet.desiredstate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that records what hosts' agents reported doing about their
 * desired state: each new result (a result an agent sends again is not published again),
 * by host; one event for the hosts recorded together (a batch of changed reports). A
 * synchronous listener's writes commit with the results, or not at all.
 *
 * @param results each host's new results
 */
public record ActionResultsRecorded(Map<UUID, List<ActionResult>> results) {

	public ActionResultsRecorded {
		results = Map.copyOf(results);
	}

}
