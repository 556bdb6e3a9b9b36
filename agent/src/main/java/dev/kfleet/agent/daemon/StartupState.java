package dev.kfleet.agent.daemon;

import java.util.Optional;

import dev.kfleet.agent.actions.SysfsKernel;

/**
 * The daemon's state at start-up: the state directory is checked, the state file loaded
 * (or a fresh state made), the identity reconciled (a state file for another service or
 * another machine id starts a new enrollment, keeping only the rebuild journal), the
 * result saved at once (which proves the file can be written), and any pool a rebuild
 * left smaller regrown.
 */
final class StartupState {

	private StartupState() {
	}

	static StateHolder load(AgentConfig config, AgentLog log) throws StateStoreException {
		StateStore store = StateStore.open(config.stateDir());
		Optional<AgentState> loaded = store.load();
		String server = config.server().toString();
		String machineId = HostIdentity.machineId(config.root())
			.or(() -> loaded.map(AgentState::machineId))
			.orElseGet(HostIdentity::generatedMachineId);
		if (loaded.isEmpty() && HostIdentity.machineId(config.root()).isEmpty()) {
			log.warn("machine-id-generated", "machineId", machineId, "reason", config.root().resolve("etc/machine-id")
					+ " is absent or invalid; the id is kept in the state file");
		}
		AgentState state = loaded.filter((s) -> s.server().equals(server) && s.machineId().equals(machineId))
			.orElseGet(() -> AgentState.fresh(server, machineId)
				.withRebuilds(loaded.map(AgentState::rebuilds).orElse(java.util.Map.of())));
		if (loaded.isPresent() && state != loaded.get()) {
			log.warn("state-reset", "reason", "the state file belongs to " + loaded.get().server() + " / machine "
					+ loaded.get().machineId() + ", not " + server + " / " + machineId);
		}
		StateHolder holder = new StateHolder(store, state, log);
		try {
			store.save(state);
		}
		catch (java.io.IOException ex) {
			throw new StateStoreException("the state file " + store.file() + " cannot be written ("
					+ StateStore.cause(ex) + "): make the state directory writable for the agent's user", ex);
		}
		if (!state.rebuilds().isEmpty()) {
			new RebuildRecovery(new SysfsKernel(config.root(), 4096), log).recover(holder);
		}
		log.info("started", "server", server, "stateFile", store.file(), "hostId", state.hostId().orElse("-"),
				"nextSequence", state.nextSequence(), "appliedDesiredVersion", state.appliedDesiredVersion());
		return holder;
	}

}
