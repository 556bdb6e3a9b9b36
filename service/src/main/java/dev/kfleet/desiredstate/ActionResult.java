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
 * @param modules the kernel modules it loaded, before and after
 * ({@code vduse.load-modules}; empty for the other actions and for results reported
 * before agents sent them)
 */
public record ActionResult(long desiredVersion, String actionId, String type, String outcome, String detail,
		Instant startedAt, Instant finishedAt, List<PoolChange> pools, List<ModuleChange> modules) {

	public ActionResult {
		pools = List.copyOf(pools);
		modules = List.copyOf(modules);
	}

	/**
	 * A result that loaded no kernel module.
	 * @param desiredVersion the desired state version the action belonged to
	 * @param actionId the action's id
	 * @param type the action's type
	 * @param outcome {@code succeeded}, {@code failed} or {@code refused}
	 * @param detail what happened, in words
	 * @param startedAt when the agent started
	 * @param finishedAt when it finished
	 * @param pools the HugeTLB pools it touched, before and after
	 */
	public ActionResult(long desiredVersion, String actionId, String type, String outcome, String detail,
			Instant startedAt, Instant finishedAt, List<PoolChange> pools) {
		this(desiredVersion, actionId, type, outcome, detail, startedAt, finishedAt, pools, List.of());
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

	/**
	 * One kernel module before and after an action: loaded means in the running kernel
	 * (built in, or a loadable module listed as live).
	 *
	 * @param name the module, such as {@code vduse}
	 * @param loadedBefore it was loaded before
	 * @param loadedAfter it is loaded after
	 */
	public record ModuleChange(String name, boolean loadedBefore, boolean loadedAfter) {
	}

}
