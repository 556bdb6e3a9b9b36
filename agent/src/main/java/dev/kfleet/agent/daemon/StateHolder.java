package dev.kfleet.agent.daemon;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * The daemon's current {@link AgentState} and its store: every change is saved at once; a
 * save that fails is logged and retried with the next change (the state stays in memory,
 * and the worst a lost save costs after a restart is a replayed sequence, which the
 * service answers with the sequence to continue from).
 */
final class StateHolder {

	private final StateStore store;

	private final AgentLog log;

	private AgentState state;

	StateHolder(StateStore store, AgentState state, AgentLog log) {
		this.store = store;
		this.state = state;
		this.log = log;
	}

	AgentState get() {
		return this.state;
	}

	/**
	 * Changes the state and saves it, logging a failed save.
	 * @param change the change
	 * @return the new state
	 */
	AgentState update(UnaryOperator<AgentState> change) {
		this.state = change.apply(this.state);
		try {
			this.store.save(this.state);
		}
		catch (IOException ex) {
			this.log.error("state-save-failed", "file", this.store.file(), "cause", StateStore.cause(ex));
		}
		return this.state;
	}

	/**
	 * Changes the state and saves it, failing if the save fails.
	 * @param change the change
	 * @throws IOException if the state could not be saved; the change is then undone
	 */
	void updateDurably(UnaryOperator<AgentState> change) throws IOException {
		AgentState before = this.state;
		this.state = change.apply(this.state);
		try {
			this.store.save(this.state);
		}
		catch (IOException ex) {
			this.state = before;
			throw ex;
		}
	}

}
