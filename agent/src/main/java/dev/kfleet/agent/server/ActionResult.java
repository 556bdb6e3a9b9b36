package dev.kfleet.agent.server;

import java.util.List;

/**
 * What the agent did about one action ({@code ActionResult} in openapi.yaml). Written to
 * JSON by {@link dev.kfleet.agent.report.ReportJson}, so its components are the schema's
 * members in order.
 *
 * @param desiredVersion the desired state version the action belongs to
 * @param actionId the action's id
 * @param type the action's type
 * @param outcome succeeded, failed or refused
 * @param detail what happened, for people (at most {@value #MAX_DETAIL} characters)
 * @param startedAt when the agent started, ISO-8601
 * @param finishedAt when it finished, ISO-8601
 * @param pools each HugeTLB pool touched, before and after
 */
public record ActionResult(long desiredVersion, String actionId, String type, ActionOutcome outcome, String detail,
		String startedAt, String finishedAt, List<PoolChange> pools) {

	/** The longest detail the contract allows. */
	public static final int MAX_DETAIL = 2000;

	/** The most pools the contract allows in one result. */
	public static final int MAX_POOLS = 16;

	public ActionResult {
		pools = List.copyOf(pools);
		if (detail.length() > MAX_DETAIL) {
			detail = detail.substring(0, MAX_DETAIL - 1) + "…";
		}
		actionId = clip(actionId);
		type = clip(type);
	}

	private static String clip(String value) {
		return (value.length() > 64) ? value.substring(0, 64) : value;
	}

}
