package dev.kfleet.agent.server;

import java.util.List;

import dev.kfleet.agent.report.OmittedWhenEmpty;

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
 * @param modules each kernel module an action loads, before and after (left out of the
 * JSON when empty, so that a service that predates the member accepts the other actions'
 * results)
 */
public record ActionResult(long desiredVersion, String actionId, String type, ActionOutcome outcome, String detail,
		String startedAt, String finishedAt, List<PoolChange> pools, @OmittedWhenEmpty List<ModuleChange> modules) {

	/** The longest detail the contract allows. */
	public static final int MAX_DETAIL = 2000;

	/** The most pools the contract allows in one result. */
	public static final int MAX_POOLS = 16;

	/** The most modules the contract allows in one result. */
	public static final int MAX_MODULES = 16;

	public ActionResult {
		pools = List.copyOf(pools);
		modules = List.copyOf(modules);
		if (detail.length() > MAX_DETAIL) {
			detail = detail.substring(0, MAX_DETAIL - 1) + "…";
		}
		actionId = clip(actionId);
		type = clip(type);
	}

	/**
	 * Creates a result that touched no kernel module.
	 * @param desiredVersion the desired state version the action belongs to
	 * @param actionId the action's id
	 * @param type the action's type
	 * @param outcome succeeded, failed or refused
	 * @param detail what happened
	 * @param startedAt when the agent started
	 * @param finishedAt when it finished
	 * @param pools each HugeTLB pool touched
	 */
	public ActionResult(long desiredVersion, String actionId, String type, ActionOutcome outcome, String detail,
			String startedAt, String finishedAt, List<PoolChange> pools) {
		this(desiredVersion, actionId, type, outcome, detail, startedAt, finishedAt, pools, List.of());
	}

	private static String clip(String value) {
		return (value.length() > 64) ? value.substring(0, 64) : value;
	}

}
