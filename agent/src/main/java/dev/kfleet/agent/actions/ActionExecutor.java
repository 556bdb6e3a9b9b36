package dev.kfleet.agent.actions;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.DesiredState;

/**
 * Applies a desired state's actions in order, each once, and returns one result per
 * action. The agent knows a closed set of types ({@code hvo.set-switch},
 * {@code hvo.rebuild-free-pages}, {@code vduse.load-modules}); any other type, and bad
 * parameters, are refused with the reason. Nothing here throws for a kernel that says no:
 * that is a failed result.
 */
public final class ActionExecutor {

	private final Map<String, ActionHandler> handlers;

	private final Clock clock;

	ActionExecutor(List<ActionHandler> handlers, Clock clock) {
		this.handlers = handlers.stream().collect(Collectors.toMap(ActionHandler::type, Function.identity()));
		this.clock = clock;
	}

	/**
	 * Creates the executor of the agent's actions.
	 * @param kernel the kernel to write
	 * @param persistence where {@code hvo.set-switch} persists the switch
	 * @param journal where pool rebuilds record the pools' sizes first
	 * @param pauser waits between attempts to regrow a pool
	 * @param modules the kernel modules {@code vduse.load-modules} loads
	 * @param modulesPersistence where {@code vduse.load-modules} persists them
	 * @param clock the clock for the results' times
	 * @return the executor
	 */
	public static ActionExecutor of(HostKernel kernel, SwitchPersistence persistence, PoolJournal journal,
			Pauser pauser, KernelModules modules, ModulesPersistence modulesPersistence, Clock clock) {
		return new ActionExecutor(List.of(new SetHvoSwitch(kernel, persistence),
				new RebuildFreePages(kernel, journal, pauser), new LoadVduseModules(modules, modulesPersistence)),
				clock);
	}

	/**
	 * Applies every action of a desired state.
	 * @param desired the desired state
	 * @return one result per action, in order
	 * @throws InterruptedException if interrupted between actions (a started action
	 * finishes first)
	 */
	public List<ActionResult> apply(DesiredState desired) throws InterruptedException {
		return apply(desired, "desired state " + desired.version());
	}

	/**
	 * Applies actions that no service handed out ({@code kfleet-agent apply}).
	 * @param desired the actions, as a desired state (its version is 0)
	 * @param origin what asked for them, for the files they write (such as
	 * {@code kfleet-agent apply})
	 * @return one result per action, in order
	 * @throws InterruptedException if interrupted between actions
	 */
	public List<ActionResult> apply(DesiredState desired, String origin) throws InterruptedException {
		List<ActionResult> results = new ArrayList<>();
		for (Action action : desired.actions()) {
			if (Thread.interrupted()) {
				throw new InterruptedException("stopped before action " + action.id());
			}
			results.add(apply(desired.version(), origin, action));
		}
		return results;
	}

	private ActionResult apply(long version, String origin, Action action) throws InterruptedException {
		String startedAt = now();
		ActionHandler handler = this.handlers.get(action.type());
		ActionHandler.Done done;
		if (handler == null) {
			done = new ActionHandler.Done(ActionOutcome.REFUSED, "unknown action type \"" + action.type()
					+ "\"; this agent knows " + this.handlers.keySet().stream().sorted().toList(), List.of());
		}
		else {
			try {
				done = handler.apply(action, origin + ", action " + action.id());
			}
			catch (BadParametersException ex) {
				done = new ActionHandler.Done(ActionOutcome.REFUSED, "bad parameters: " + ex.getMessage(), List.of());
			}
		}
		return new ActionResult(version, action.id(), action.type(), done.outcome(), done.detail(), startedAt, now(),
				done.pools(), done.modules());
	}

	private String now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
	}

}
