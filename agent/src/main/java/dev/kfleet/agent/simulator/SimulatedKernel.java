package dev.kfleet.agent.simulator;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.kfleet.agent.actions.HostKernel;

/**
 * A modeled Linux kernel with the HVO semantics measured on real kernels (kernel-facts.md
 * §1.1, §1.5–1.7): the switch affects only pages allocated afterwards; freeing an
 * optimized page restores its vmemmap; pools shrink and grow head first (LIFO);
 * {@code nr_memmap_pages + nr_memmap_boot_pages} equals the blocks' memmap minus what the
 * optimized pages freed, with the same split between the two counters as the kernel's.
 * The agent's real actions write to it through {@link HostKernel}, and the agent's own
 * arithmetic reads the report made of it. Driven by one thread at a time.
 */
final class SimulatedKernel implements HostKernel {

	private final KernelProfile profile;

	private final List<ModeledPool> pools;

	private boolean switchOn;

	private boolean refuseWrites;

	private long nrMemmapPages;

	private long nrMemmapBootPages;

	private long changes;

	SimulatedKernel(KernelProfile profile, List<ModeledPool> pools, boolean switchOn) {
		this.profile = profile;
		this.pools = List.copyOf(pools);
		this.switchOn = switchOn;
		this.nrMemmapPages = 512;
		this.nrMemmapBootPages = profile.expectedMemmapPages() - 512;
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
