package dev.kfleet.desiredstate;

import java.time.Instant;
import java.util.List;

/**
 * What an agent reported doing about one action.
 *
 * @param desiredVersion the desired state version the action belonged to
 * @param actionId the action's id
 * @param type the action's type
 * @param outcome {@code succeeded}, {@code failed} or {@code refused}
 * @param detail what happened, in words
 * @param startedAt when the agent started
 * @param finishedAt when it finished
 * @param pools the HugeTLB pools it touched, before and after
 */
public record ActionResult(long desiredVersion, String actionId, String type, String outcome, String detail,
		Instant startedAt, Instant finishedAt, List<PoolChange> pools) {

	public ActionResult {
		pools = List.copyOf(pools);
	}

	/**
	 * One HugeTLB pool before and after an action.
	 *
	 * @param pageSizeBytes the huge page size
	 * @param totalBefore pages before
	 * @param freeBefore free pages before
	 * @param totalAfter pages after
	 * @param freeAfter free pages after
	 */
	public record PoolChange(long pageSizeBytes, long totalBefore, long freeBefore, long totalAfter, long freeAfter) {
	}

}
