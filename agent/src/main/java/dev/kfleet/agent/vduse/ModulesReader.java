package dev.kfleet.agent.vduse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.KernelModule;
import dev.kfleet.agent.report.ModuleState;
import dev.kfleet.agent.report.Reading;

/**
 * Tells for each module VDUSE needs whether it is built in, loaded, not loaded or not
 * built, from {@code /proc/modules}, {@code /sys/module} and the configuration. The
 * report and the {@code vduse.load-modules} action read them the same way.
 */
public final class ModulesReader {

	/** The modules VDUSE needs, in the order they load (each after what it needs). */
	public static final List<String> NAMES = List.of("vdpa", "vduse", "virtio_vdpa", "vhost_vdpa");

	static final List<String[]> MODULES = List.of(new String[] { "vdpa", "CONFIG_VDPA" },
			new String[] { "vduse", "CONFIG_VDPA_USER" }, new String[] { "virtio_vdpa", "CONFIG_VIRTIO_VDPA" },
			new String[] { "vhost_vdpa", "CONFIG_VHOST_VDPA" });

	private ModulesReader() {
	}

	/**
	 * Reads the four modules' states.
	 * @param files the host's files
	 * @param config the kernel configuration
	 * @return {@code vdpa}, {@code vduse}, {@code virtio_vdpa}, {@code vhost_vdpa}; never
	 * throws
	 */
	public static List<KernelModule> read(HostFiles files, Reading<KernelConfig> config) {
		Reading<Set<String>> loaded = files.read("/proc/modules").map(ModulesReader::names);
		List<KernelModule> modules = new ArrayList<>();
		for (String[] module : MODULES) {
			Reading<String> value = config.map((c) -> c.value(module[1]));
			modules.add(new KernelModule(module[0], module[1], value, state(files, module[0], value, loaded)));
		}
		return List.copyOf(modules);
	}

	/**
	 * Tells whether a module is known to be in the running kernel: built in, or loaded.
	 * @param module the module
	 * @return whether it is; {@code false} when its state is unknown
	 */
	public static boolean present(KernelModule module) {
		ModuleState state = module.state().orElse(ModuleState.NOT_LOADED);
		return state == ModuleState.LOADED || state == ModuleState.BUILTIN;
	}

	private static Reading<ModuleState> state(HostFiles files, String name, Reading<String> config,
			Reading<Set<String>> loaded) {
		String value = config.orElse("?");
		if (loaded.isKnown() && loaded.orElseThrow().contains(name)) {
			return Reading.of(ModuleState.LOADED);
		}
		if (value.equals("y")) {
			return Reading.of(ModuleState.BUILTIN);
		}
		if (value.equals("n")) {
			return Reading.of(ModuleState.NOT_BUILT);
		}
		if (!loaded.isKnown()) {
			Reading<String> initstate = files.readValue("/sys/module/" + name + "/initstate");
			if (initstate.orElse("").equals("live")) {
				return Reading.of(ModuleState.LOADED);
			}
			return Reading.unknown("neither /proc/modules nor /sys/module/" + name + "/initstate tells: "
					+ loaded.unknownReason().orElseThrow());
		}
		if (value.equals("m")) {
			return Reading.of(ModuleState.NOT_LOADED);
		}
		return Reading.unknown("not in /proc/modules, and the kernel configuration is unknown, so built-in or"
				+ " not built cannot be told apart");
	}

	private static Set<String> names(String procModules) {
		Set<String> names = new HashSet<>();
		for (String line : procModules.split("\n")) {
			int space = line.indexOf(' ');
			if (space > 0) {
				names.add(line.substring(0, space));
			}
		}
		return names;
	}

}
