package dev.kfleet.agent.simulator;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.kfleet.agent.actions.HostKernel;
import dev.kfleet.agent.actions.KernelModules;
import dev.kfleet.agent.report.KernelModule;
import dev.kfleet.agent.report.ModuleState;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.vduse.ModulesReader;

/**
 * A modeled Linux kernel with the HVO semantics measured on real kernels (kernel-facts.md
 * §1.1, §1.5–1.7): the switch affects only pages allocated afterwards; freeing an
 * optimized page restores its vmemmap; pools shrink and grow head first (LIFO);
 * {@code nr_memmap_pages + nr_memmap_boot_pages} equals the blocks' memmap minus what the
 * optimized pages freed, with the same split between the two counters as the kernel's.
 * The agent's real actions write to it through {@link HostKernel} and
 * {@link KernelModules}, and the agent's own arithmetic reads the report made of it. It
 * also models the host's boot configuration the actions persist: the value the sysctl
 * drop-in sets the switch to, and whether the VDUSE modules load at boot. The VDUSE
 * modules are loaded when the host has VDUSE devices, and load as {@code modprobe} loads
 * them where the kernel builds them as modules. Driven by one thread at a time.
 */
final class SimulatedKernel implements HostKernel, KernelModules {

	/** The options that build {@link ModulesReader#NAMES}, in the same order. */
	private static final List<String> MODULE_OPTIONS = List.of("CONFIG_VDPA", "CONFIG_VDPA_USER", "CONFIG_VIRTIO_VDPA",
			"CONFIG_VHOST_VDPA");

	private final KernelProfile profile;

	private final List<ModeledPool> pools;

	private boolean switchOn;

	private boolean refuseWrites;

	private long nrMemmapPages;

	private long nrMemmapBootPages;

	private long changes;

	/** Bit i: the module {@code ModulesReader.NAMES[i]} is loaded. */
	private int loadedModules;

	private Boolean persistedSwitch;

	private boolean modulesPersisted;

	SimulatedKernel(KernelProfile profile, List<ModeledPool> pools, boolean switchOn) {
		this.profile = profile;
		this.pools = List.copyOf(pools);
		this.switchOn = switchOn;
		this.nrMemmapPages = 512;
		this.nrMemmapBootPages = profile.expectedMemmapPages() - 512;
		this.loadedModules = profile.vduseDevices().isEmpty() ? 0 : (1 << MODULE_OPTIONS.size()) - 1;
	}

	KernelProfile profile() {
		return this.profile;
	}

	List<ModeledPool> pools() {
		return this.pools;
	}

	boolean switchOn() {
		return this.switchOn;
	}

	long nrMemmapPages() {
		return this.nrMemmapPages;
	}

	long nrMemmapBootPages() {
		return this.nrMemmapBootPages;
	}

	/**
	 * A counter that grows with every change, so a report can be reused until it moves.
	 */
	long changes() {
		return this.changes;
	}

	/**
	 * An administrator turned the switch on after the pools were allocated (no page
	 * optimized).
	 */
	void turnOnAfterBoot() {
		this.switchOn = true;
		this.changes++;
	}

	/**
	 * Returns what the boot-time sysctl configuration sets the switch to.
	 * @return the value, or empty when nothing sets it
	 */
	Optional<Boolean> persistedSwitch() {
		return Optional.ofNullable(this.persistedSwitch);
	}

	/**
	 * The sysctl drop-in was written: the switch is persisted.
	 * @param on the value it sets at boot
	 */
	void persistSwitch(boolean on) {
		this.persistedSwitch = on;
		this.changes++;
	}

	/**
	 * Tells whether the VDUSE modules load at boot (a modules-load.d file names them).
	 * @return whether they do
	 */
	boolean modulesPersisted() {
		return this.modulesPersisted;
	}

	/** The modules-load.d file was written. */
	void persistModules() {
		this.modulesPersisted = true;
	}

	/**
	 * Tells whether every VDUSE module is in the kernel.
	 * @return whether all four are loaded
	 */
	boolean vduseModulesLoaded() {
		return this.loadedModules == (1 << MODULE_OPTIONS.size()) - 1;
	}

	/**
	 * Tells whether the vduse module is loaded ({@code /sys/class/vduse} exists).
	 * @return whether it is
	 */
	boolean vduseLoaded() {
		return (this.loadedModules & (1 << ModulesReader.NAMES.indexOf("vduse"))) != 0;
	}

	@Override
	public List<KernelModule> vduseModules() {
		List<KernelModule> modules = new ArrayList<>(MODULE_OPTIONS.size());
		for (int i = 0; i < MODULE_OPTIONS.size(); i++) {
			String value = this.profile.config().getOrDefault(MODULE_OPTIONS.get(i), "n");
			ModuleState state = !"m".equals(value) ? ModuleState.NOT_BUILT
					: ((this.loadedModules & (1 << i)) != 0) ? ModuleState.LOADED : ModuleState.NOT_LOADED;
			modules.add(new KernelModule(ModulesReader.NAMES.get(i), MODULE_OPTIONS.get(i), Reading.of(value),
					Reading.of(state)));
		}
		return modules;
	}

	/**
	 * Loads a module as {@code modprobe} would: with the modules it needs ({@code vdpa}
	 * for the three others), failing as it fails where the kernel does not build it or
	 * the agent may not load modules.
	 */
	@Override
	public String load(String name) throws IOException {
		int index = ModulesReader.NAMES.indexOf(name);
		if (index < 0 || !"m".equals(this.profile.config().get(MODULE_OPTIONS.get(index)))) {
			throw new IOException("'/usr/sbin/modprobe " + name + "' exited with status 1: modprobe: FATAL: Module "
					+ name + " not found in directory /lib/modules/" + this.profile.release());
		}
		if (this.refuseWrites) {
			throw new IOException("'/usr/sbin/modprobe " + name + "' exited with status 1: modprobe: ERROR: could not"
					+ " insert '" + name + "': Operation not permitted");
		}
		this.loadedModules |= (1 << index) | 1;
		this.changes++;
		return "";
	}

	/**
	 * From now on every write fails with EPERM, as in a container with a read-only /proc.
	 */
	void refuseWrites() {
		this.refuseWrites = true;
	}

	/**
	 * Allocates pages at boot or by an administrator, optimized when the switch is on.
	 * @param pool the pool
	 * @param pages how many
	 */
	void allocate(ModeledPool pool, long pages) {
		optimized(pool.grow(pages, optimizes(pool)), pool.freedPagesPerPage());
		this.changes++;
	}

	/**
	 * An application takes or releases pages of a pool.
	 * @param pool the pool
	 * @param delta pages taken (positive) or released (negative)
	 */
	void use(ModeledPool pool, long delta) {
		pool.use(delta);
		this.changes++;
	}

	/**
	 * An administrator grows or shrinks a pool, as an {@code echo N > nr_hugepages}
	 * would.
	 * @param pool the pool
	 * @param delta pages added (positive) or given back (negative)
	 */
	void resize(ModeledPool pool, long delta) {
		if (delta > 0) {
			optimized(pool.grow(delta, optimizes(pool)), pool.freedPagesPerPage());
		}
		else {
			this.nrMemmapPages += pool.shrink(-delta);
		}
		this.changes++;
	}

	@Override
	public Optional<Boolean> hvoSwitch() {
		return this.profile.runtimeSwitch() ? Optional.of(this.switchOn) : Optional.empty();
	}

	@Override
	public void setHvoSwitch(boolean on) throws IOException {
		check("/proc/sys/vm/hugetlb_optimize_vmemmap", this.profile.runtimeSwitch());
		this.switchOn = on;
		this.changes++;
	}

	@Override
	public List<Long> poolSizes() {
		return this.pools.stream().map(ModeledPool::sizeBytes).toList();
	}

	@Override
	public PoolCounts pool(long pageSizeBytes, OptionalInt node) throws IOException {
		ModeledPool pool = find(pageSizeBytes);
		return new PoolCounts(pool.total(), pool.free(), node.isPresent() ? 0 : pool.reserved(), 0);
	}

	@Override
	public List<Integer> poolNodes(long pageSizeBytes) {
		return List.of(0);
	}

	@Override
	public void setPoolTotal(long pageSizeBytes, OptionalInt node, long total) throws IOException {
		ModeledPool pool = find(pageSizeBytes);
		check("/sys/kernel/mm/hugepages/hugepages-" + pageSizeBytes / 1024 + "kB/nr_hugepages", true);
		resize(pool, total - pool.total());
	}

	@Override
	public OptionalLong memmapPages() {
		return this.profile.memmapCounters() ? OptionalLong.of(this.nrMemmapPages + this.nrMemmapBootPages)
				: OptionalLong.empty();
	}

	@Override
	public long basePageSize() {
		return KernelProfile.PAGE_SIZE;
	}

	private boolean optimizes(ModeledPool pool) {
		boolean on = this.profile.runtimeSwitch() ? this.switchOn : this.profile.onAtBoot();
		return on && this.profile.hvoBuilt() && pool.freedPagesPerPage() > 0;
	}

	/** Optimizing a page frees its tail vmemmap pages and allocates a new head (§1.5). */
	private void optimized(long freedPages, long perPage) {
		if (freedPages == 0) {
			return;
		}
		long optimizedPages = freedPages / perPage;
		long fromBoot = Math.min(this.nrMemmapBootPages, freedPages + optimizedPages);
		this.nrMemmapBootPages -= fromBoot;
		this.nrMemmapPages += optimizedPages - (freedPages + optimizedPages - fromBoot);
	}

	private ModeledPool find(long pageSizeBytes) throws IOException {
		return this.pools.stream()
			.filter((p) -> p.sizeBytes() == pageSizeBytes)
			.findFirst()
			.orElseThrow(
					() -> new NoSuchFileException("/sys/kernel/mm/hugepages/hugepages-" + pageSizeBytes / 1024 + "kB"));
	}

	private void check(String file, boolean exists) throws IOException {
		if (!exists) {
			throw new NoSuchFileException(file);
		}
		if (this.refuseWrites) {
			throw new AccessDeniedException(file, null, "Operation not permitted");
		}
	}

}
