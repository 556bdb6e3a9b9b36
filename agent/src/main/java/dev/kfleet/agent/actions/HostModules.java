package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.kernel.KernelConfigReader;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.KernelModule;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.vduse.ModulesReader;

/**
 * The kernel modules of the host under a root: read as the report reads them
 * ({@code /proc/modules}, {@code /sys/module/<name>/initstate} and the kernel
 * configuration), loaded with {@link Modprobe}.
 */
public final class HostModules implements KernelModules {

	private final HostFiles files;

	private final Modprobe modprobe;

	private Reading<KernelConfig> config;

	/**
	 * Creates the view.
	 * @param root the directory {@code /proc}, {@code /sys} and {@code /boot} are under
	 * @param modprobe what loads modules
	 */
	public HostModules(Path root, Modprobe modprobe) {
		this.files = new HostFiles(root);
		this.modprobe = modprobe;
	}

	@Override
	public List<KernelModule> vduseModules() {
		if (this.config == null) {
			this.config = new KernelConfigReader().read(this.files, this.files.readValue("/proc/sys/kernel/osrelease"));
		}
		return ModulesReader.read(this.files, this.config);
	}

	@Override
	public String load(String name) throws IOException {
		return this.modprobe.load(name);
	}

}
