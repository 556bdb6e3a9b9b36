package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A small in-test kernel that reacts to writes of {@code nr_hugepages} as Linux does:
 * free lists are LIFO stacks of pages that know whether they were optimized when
 * allocated; shrinking frees free unreserved pages only, head first, and restores their
 * vmemmap; growing allocates up to a capacity (a pool that refuses to regrow has less
 * capacity than it has pages), optimized when the switch is on. Every write is recorded.
 */
final class FakeKernel implements HostKernel {

	final Map<Long, Pool> pools = new LinkedHashMap<>();

	final List<String> writes = new ArrayList<>();

	Optional<Boolean> hvoSwitch = Optional.of(true);

	boolean refuseWrites;

	boolean ignoreSwitchWrites;

	long memmap = 100_000;

	Pool pool(long size, int nodes) {
		Pool pool = new Pool(size, nodes);
		this.pools.put(size, pool);
		return pool;
	}

	@Override
	public Optional<Boolean> hvoSwitch() {
		return this.hvoSwitch;
	}

	@Override
	public void setHvoSwitch(boolean on) throws IOException {
		refuse("hugetlb_optimize_vmemmap");
		if (!this.ignoreSwitchWrites) {
			this.hvoSwitch = Optional.of(on);
		}
	}

	@Override
	public List<Long> poolSizes() {
		return List.copyOf(this.pools.keySet());
	}

	@Override
	public PoolCounts pool(long size, OptionalInt node) {
		Pool pool = this.pools.get(size);
		if (node.isPresent()) {
			Deque<Boolean> free = pool.free.get(node.getAsInt());
			return new PoolCounts(free.size() + pool.used[node.getAsInt()], free.size(), 0, 0);
		}
		return new PoolCounts(pool.total(), pool.freeCount(), pool.reserved, pool.surplus);
	}

	@Override
	public List<Integer> poolNodes(long size) {
		List<Integer> nodes = new ArrayList<>();
		for (int n = 0; n < this.pools.get(size).free.size(); n++) {
			nodes.add(n);
		}
		return nodes;
	}

	@Override
	public void setPoolTotal(long size, OptionalInt node, long total) throws IOException {
		refuse("nr_hugepages");
		this.writes.add(size + (node.isPresent() ? "@" + node.getAsInt() : "") + "=" + total);
		Pool pool = this.pools.get(size);
		int n = node.orElse(0);
		long current = node.isPresent() ? pool.free.get(n).size() + pool.used[n] : pool.total();
		if (total < current) {
			shrink(pool, n, current - total);
		}
		else {
			for (long i = current; i < total && pool.total() < pool.capacity; i++) {
				pool.free.get(n).push(this.hvoSwitch.orElse(false));
				this.memmap -= this.hvoSwitch.orElse(false) ? pool.freedPerPage : 0;
			}
		}
	}

	private void shrink(Pool pool, int node, long pages) {
		for (long i = 0; i < pages && pool.freeCount() > pool.reserved && !pool.free.get(node).isEmpty(); i++) {
			if (pool.free.get(node).pop()) {
				this.memmap += pool.freedPerPage;
			}
		}
	}

	@Override
	public OptionalLong memmapPages() {
		return OptionalLong.of(this.memmap);
	}

	@Override
	public long basePageSize() {
		return 4096;
	}

	private void refuse(String file) throws IOException {
		if (this.refuseWrites) {
			throw new AccessDeniedException(file, null, "Operation not permitted");
		}
	}

	static final class Pool {

		final long size;

		final long freedPerPage;

		final List<Deque<Boolean>> free = new ArrayList<>();

		final long[] used;

		long reserved;

		long surplus;

		long capacity = Long.MAX_VALUE;

		Pool(long size, int nodes) {
			this.size = size;
			this.freedPerPage = (size == (1L << 30)) ? 4095 : 7;
			for (int n = 0; n < nodes; n++) {
				this.free.add(new ArrayDeque<>());
			}
			this.used = new long[nodes];
		}

		/** Adds free pages on a node, optimized or not, at the head. */
		Pool freePages(int node, long pages, boolean optimized) {
			for (long i = 0; i < pages; i++) {
				this.free.get(node).push(optimized);
			}
			return this;
		}

		Pool usedPages(int node, long pages) {
			this.used[node] += pages;
			return this;
		}

		long total() {
			long total = freeCount();
			for (long u : this.used) {
				total += u;
			}
			return total;
		}

		long freeCount() {
			return this.free.stream().mapToLong(Deque::size).sum();
		}

		long unoptimizedFree() {
			return this.free.stream().flatMap(Deque::stream).filter((o) -> !o).count();
		}

	}

}
