package dev.kfleet.agent.actions;

import java.io.IOException;

/**
 * Keeps the HVO switch's value across reboots. {@link SysctlDropIn} writes a sysctl.d
 * file; the simulator remembers it in its model.
 */
public interface SwitchPersistence {

	/**
	 * Persists the switch.
	 * @param enabled the value to set at boot
	 * @param origin what asked for it (desired state version and action id), for the
	 * comment
	 * @return where it was persisted, for the action's detail
	 * @throws IOException if it could not be written
	 */
	String persist(boolean enabled, String origin) throws IOException;

}
