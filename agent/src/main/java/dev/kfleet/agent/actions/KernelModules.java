package dev.kfleet.agent.actions;

import java.io.IOException;
import java.util.List;

import dev.kfleet.agent.report.KernelModule;

/**
 * The kernel modules {@code vduse.load-modules} reads and loads. {@link HostModules}
 * reads them under a root and loads them with {@link Modprobe}; the simulator's modeled
 * kernel implements it too, so the simulator runs the real action.
 */
public interface KernelModules {

	/**
	 * Reads the modules VDUSE needs as the report shows them: {@code vdpa},
	 * {@code vduse}, {@code virtio_vdpa}, {@code vhost_vdpa}, in the order they load.
	 * @return the four modules, each built in, loaded, not loaded, not built, or unknown
	 * with the reason
	 */
	List<KernelModule> vduseModules();

	/**
	 * Loads a module and the modules it needs.
	 * @param name the module
	 * @return what the loader said (empty when it said nothing)
	 * @throws IOException if it was not loaded; the message says why
	 */
	String load(String name) throws IOException;

}
