package dev.kfleet.agent.actions;

import java.io.IOException;
import java.util.List;

/**
 * Loads kernel modules again at every boot. {@link ModulesLoadFile} writes a
 * modules-load.d file; the simulator remembers it in its model.
 */
public interface ModulesPersistence {

	/**
	 * Persists the modules.
	 * @param modules the modules to load at boot, in order
	 * @param origin what asked for it (desired state version and action id), for the
	 * comment
	 * @return where they were persisted, for the action's detail
	 * @throws IOException if it could not be written
	 */
	String persist(List<String> modules, String origin) throws IOException;

}
