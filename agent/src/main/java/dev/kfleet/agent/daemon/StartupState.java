package dev.kfleet.agent.daemon;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kfleet.agent.actions.SysfsKernel;

/**
 * The daemon's state at start-up: the state directory is checked, the state file loaded
 * (or a fresh state made; an unreadable file is set aside first, and the token it still
 * held is kept as proof for enrolling again), the identity reconciled (a state file for
 * another service or another machine id starts a new enrollment, keeping only the rebuild
 * journal), the result saved at once (which proves the file can be written), and any pool
 * a rebuild left smaller regrown.
 */
final class StartupState {

	private StartupState() {
	}

	static StateHolder load(AgentConfig config, AgentLog log) throws StateStoreException {
		StateStore store = StateStore.open(config.stateDir());
		StateStore.Loaded read = store.load(config.clock());
		Optional<AgentState> loaded = read.state();
		String server = config.server().toString();
		String machineId = HostIdentity.machineId(config.root())
			.or(() -> loaded.map(AgentState::machineId))
			.or(() -> read.setAside().flatMap(StateStore.SetAside::salvaged).map(StateJson.Salvaged::machineId))
			.orElseGet(HostIdentity::generatedMachineId);
		if (loaded.isEmpty() && HostIdentity.machineId(config.root()).isEmpty()) {
			log.warn("machine-id-generated", "machineId", machineId, "reason", config.root().resolve("etc/machine-id")
					+ " is absent or invalid; the id is kept in the state file");
		}
		AgentState state = loaded.filter((s) -> s.server().equals(server) && s.machineId().equals(machineId))
			.orElseGet(() -> AgentState.fresh(server, machineId)
				.withRebuilds(loaded.map(AgentState::rebuilds).orElse(Map.of())));
		if (loaded.isPresent() && state != loaded.get()) {
			log.warn("state-reset", "reason", "the state file belongs to " + loaded.get().server() + " / machine "
					+ loaded.get().machineId() + ", not " + server + " / " + machineId);
		}
		if (read.setAside().isPresent()) {
			state = afterSetAside(state, read.setAside().get(), store, log);
		}
		StateHolder holder = new StateHolder(store, state, log);
		save(store, state);
		if (!state.rebuilds().isEmpty()) {
			new RebuildRecovery(new SysfsKernel(config.root(), 4096), log).recover(holder);
		}
		log.info("started", "server", server, "stateFile", store.file(), "hostId", state.hostId().orElse("-"),
				"nextSequence", state.nextSequence(), "appliedDesiredVersion", state.appliedDesiredVersion());
		return holder;
	}

	/**
	 * A fresh state after an unreadable file: it presents the token the file still held
	 * as proof (only to the service the file belonged to), or else enrolls by request.
	 */
	private static AgentState afterSetAside(AgentState fresh, StateStore.SetAside aside, StateStore store,
			AgentLog log) {
		Optional<StateJson.Salvaged> salvaged = aside.salvaged()
			.filter((s) -> s.server().equals(fresh.server()) && s.machineId().equals(fresh.machineId()));
		AgentState state = salvaged
			.map((s) -> fresh.renewingWith(s.hostId(), s.hostToken()).applied(s.appliedDesiredVersion(), List.of()))
			.orElse(fresh);
		log.warn("state-set-aside", "file", store.file(), "movedTo", aside.movedTo(), "reason", aside.reason(),
				"action", salvaged.isPresent() ? "enrolling again with the host token the file still held as proof"
						: "enrolling again; if the host has an active agent an operator approves the request");
		return state;
	}

	private static void save(StateStore store, AgentState state) throws StateStoreException {
		try {
			store.save(state);
		}
		catch (IOException ex) {
			throw new StateStoreException(
					"the state file " + store.file() + " cannot be written (" + StateStore.cause(ex)
							+ "): make the state directory writable for the agent's user",
					ex, !StateStore.configuration(ex));
		}
	}

}
