package dev.kfleet.agent.actions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.report.KernelModule;
import dev.kfleet.agent.report.ModuleState;
import dev.kfleet.agent.report.Reading;

/**
 * The VDUSE modules of a test: each with its state, loaded by {@link #load} unless told
 * to fail, with every load and persistence recorded.
 */
final class FakeModules implements KernelModules, ModulesPersistence {

	static final List<String> OPTIONS = List.of("CONFIG_VDPA", "CONFIG_VDPA_USER", "CONFIG_VIRTIO_VDPA",
			"CONFIG_VHOST_VDPA");

	final Map<String, Reading<ModuleState>> states = new LinkedHashMap<>();

	final List<String> loads = new ArrayList<>();

	final List<List<String>> persisted = new ArrayList<>();

	String failing;

	String ignored;

	boolean refusePersistence;

	/** Modules built as modules, none loaded. */
	FakeModules() {
		for (String name : List.of("vdpa", "vduse", "virtio_vdpa", "vhost_vdpa")) {
			this.states.put(name, Reading.of(ModuleState.NOT_LOADED));
		}
	}

	FakeModules with(String name, ModuleState state) {
		this.states.put(name, Reading.of(state));
		return this;
	}

	@Override
	public List<KernelModule> vduseModules() {
		List<KernelModule> modules = new ArrayList<>();
		int i = 0;
		for (Map.Entry<String, Reading<ModuleState>> entry : this.states.entrySet()) {
			String config = (entry.getValue().orElse(null) == ModuleState.NOT_BUILT) ? "n" : "m";
			modules.add(new KernelModule(entry.getKey(), OPTIONS.get(i++), Reading.of(config), entry.getValue()));
		}
		return modules;
	}

	@Override
	public String load(String name) throws IOException {
		this.loads.add(name);
		if (name.equals(this.failing)) {
			throw new IOException("'/usr/sbin/modprobe " + name + "' exited with status 1: modprobe: ERROR: could not"
					+ " insert '" + name + "': Operation not permitted");
		}
		if (!name.equals(this.ignored)) {
			this.states.put(name, Reading.of(ModuleState.LOADED));
		}
		return "";
	}

	@Override
	public String persist(List<String> modules, String origin) throws IOException {
		if (this.refusePersistence) {
			throw new java.nio.file.AccessDeniedException("/etc/modules-load.d/kfleet-vduse.conf");
		}
		this.persisted.add(modules);
		return "/etc/modules-load.d/kfleet-vduse.conf";
	}

}
