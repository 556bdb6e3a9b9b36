package dev.kfleet.agent.actions;

import java.util.List;

import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ModuleChange;
import dev.kfleet.agent.server.PoolChange;

/**
 * One action type the agent knows.
 */
interface ActionHandler {

	/**
	 * Returns the action type this handler applies, such as {@code hvo.set-switch}.
	 * @return the type
	 */
	String type();

	/**
	 * Applies the action.
	 * @param action the action
	 * @param origin the desired state version and action id, for files it writes
	 * @return what happened
	 * @throws BadParametersException if the parameters are not the type's
	 * @throws InterruptedException if interrupted while pausing between retries
	 */
	Done apply(Action action, String origin) throws BadParametersException, InterruptedException;

	/**
	 * What an action did.
	 *
	 * @param outcome succeeded or failed (refusals are exceptions)
	 * @param detail what happened, for people
	 * @param pools the pools touched, before and after
	 * @param modules the kernel modules loaded, before and after
	 */
	record Done(ActionOutcome outcome, String detail, List<PoolChange> pools, List<ModuleChange> modules) {

		Done(ActionOutcome outcome, String detail, List<PoolChange> pools) {
			this(outcome, detail, pools, List.of());
		}

		static Done succeeded(String detail) {
			return new Done(ActionOutcome.SUCCEEDED, detail, List.of());
		}

		static Done failed(String detail) {
			return new Done(ActionOutcome.FAILED, detail, List.of());
		}

	}

}
