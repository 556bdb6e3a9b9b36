package dev.kfleet.agent.actions;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import dev.kfleet.agent.actions.HostKernel.PoolCounts;
import dev.kfleet.agent.server.PoolChange;

/**
 * Rebuilds the free, unreserved pages of one HugeTLB pool so that they get optimized:
 * gives them back to the kernel in steps, then regrows the pool in steps to its size
 * before.
 * <p>
 * Why not "shrink a batch, regrow it, next batch": the kernel's free lists are LIFO. It
 * frees the page at the head of a node's free list and puts newly allocated pages at the
 * head, so the next shrink would free the pages just rebuilt (measured on 6.18: shrink
 * 10, regrow 10, shrink 10 again gives back the vmemmap of the 10 optimized pages). Every
 * free unreserved page therefore leaves the pool before the first one comes back; the
 * steps (one page at a time for gigantic pages, at most {@value #STEP} otherwise) bound
 * each write and verify it.
 * <p>
 * Safety: reserved, in-use and surplus pages are never touched (a pool with surplus pages
 * is left alone: writing {@code nr_hugepages} would turn them into persistent pages); the
 * totals are journaled before the first page is given back; regrowing retries with pauses
 * and is not cut short by an interrupt; a pool that cannot be regrown is regrown as far
 * as the kernel allows and reported with its shortfall. On a host with several NUMA nodes
 * each node's share is rebuilt on that node, so the pool's placement is kept.
 */
final class PoolRebuild {

	static final int STEP = 64;

	static final int REGROW_ATTEMPTS = 5;

	static final Duration REGROW_PAUSE = Duration.ofMillis(200);

	private final HostKernel kernel;

	private final PoolJournal journal;

	private final Pauser pauser;

	private final long size;

	private boolean interrupted;

	private String refusal;

	PoolRebuild(HostKernel kernel, PoolJournal journal, Pauser pauser, long pageSizeBytes) {
		this.kernel = kernel;
		this.journal = journal;
		this.pauser = pauser;
		this.size = pageSizeBytes;
	}

	Result run() throws IOException {
		PoolCounts before = this.kernel.pool(this.size, OptionalInt.empty());
		if (before.surplus() > 0) {
			return new Result(change(before, before), false, 0, 0, before.surplus()
					+ " surplus pages in use; not touched (writing nr_hugepages would make them persistent)");
		}
		long budget = before.freeUnreserved();
		if (budget == 0) {
			return new Result(change(before, before), true, 0, 0, "no free unreserved page; nothing to rebuild");
		}
		Map<OptionalInt, Long> originals = originals(before);
		this.journal.begin(this.size, before.total(), nodeTotals(originals));
		long released = 0;
		try {
			released = release(originals, budget, before);
		}
		catch (IOException ex) {
			this.refusal = SetHvoSwitch.describe(ex);
		}
		regrow(originals);
		PoolCounts after = this.kernel.pool(this.size, OptionalInt.empty());
		long shortfall = Math.max(0, before.total() - after.total());
		if (shortfall == 0) {
			this.journal.end(this.size);
		}
		if (this.interrupted) {
			Thread.currentThread().interrupt();
		}
		String detail = describe(before, after, released, shortfall)
				+ ((this.refusal != null) ? " (the kernel said: " + this.refusal + ")" : "");
		return new Result(change(before, after), shortfall == 0 && this.refusal == null, released, shortfall, detail);
	}

	private Map<OptionalInt, Long> originals(PoolCounts whole) throws IOException {
		Map<OptionalInt, Long> originals = new LinkedHashMap<>();
		List<Integer> nodes = this.kernel.poolNodes(this.size);
		if (nodes.size() < 2) {
			originals.put(OptionalInt.empty(), whole.total());
			return originals;
		}
		for (int node : nodes) {
			originals.put(OptionalInt.of(node), this.kernel.pool(this.size, OptionalInt.of(node)).total());
		}
		return originals;
	}

	private long release(Map<OptionalInt, Long> originals, long budget, PoolCounts whole) throws IOException {
		long released = 0;
		for (Map.Entry<OptionalInt, Long> target : originals.entrySet()) {
			long free = target.getKey().isPresent() ? this.kernel.pool(this.size, target.getKey()).free()
					: whole.free();
			long wanted = Math.min(free, budget - released);
			released += releaseFrom(target.getKey(), target.getValue(), wanted);
		}
		return released;
	}

	private long releaseFrom(OptionalInt target, long original, long wanted) throws IOException {
		long released = 0;
		while (released < wanted) {
			long step = Math.min(step(), wanted - released);
			this.kernel.setPoolTotal(this.size, target, original - released - step);
			long freed = (original - released) - this.kernel.pool(this.size, target).total();
			if (freed <= 0) {
				break;
			}
			released += freed;
			if (freed < step) {
				break;
			}
		}
		return released;
	}

	private void regrow(Map<OptionalInt, Long> originals) throws IOException {
		for (Map.Entry<OptionalInt, Long> target : originals.entrySet()) {
			regrowTo(target.getKey(), target.getValue());
		}
	}

	private void regrowTo(OptionalInt target, long original) throws IOException {
		int failures = 0;
		long current = this.kernel.pool(this.size, target).total();
		while (current < original && failures < REGROW_ATTEMPTS) {
			long ask = current + Math.min(step(), original - current);
			try {
				this.kernel.setPoolTotal(this.size, target, ask);
			}
			catch (IOException ex) {
				this.refusal = SetHvoSwitch.describe(ex);
			}
			long now = this.kernel.pool(this.size, target).total();
			if (now > current) {
				failures = 0;
			}
			else if (++failures < REGROW_ATTEMPTS) {
				pause();
			}
			current = now;
		}
	}

	private void pause() {
		try {
			this.pauser.pause(REGROW_PAUSE);
		}
		catch (InterruptedException ex) {
			// Regrowing is never cut short; the interrupt is restored when the pool is
			// back.
			this.interrupted = true;
		}
	}

	private long step() {
		boolean gigantic = this.size > (this.kernel.basePageSize() << 10);
		return gigantic ? 1 : STEP;
	}

	private static Map<Integer, Long> nodeTotals(Map<OptionalInt, Long> originals) {
		Map<Integer, Long> totals = new LinkedHashMap<>();
		originals.forEach((node, total) -> node.ifPresent((n) -> totals.put(n, total)));
		return totals;
	}

	private PoolChange change(PoolCounts before, PoolCounts after) {
		return new PoolChange(this.size, before.total(), before.free(), after.total(), after.free());
	}

	private static String describe(PoolCounts before, PoolCounts after, long released, long shortfall) {
		List<String> parts = new ArrayList<>();
		parts.add("gave back " + released + " of " + before.free() + " free pages (" + before.reserved() + " reserved, "
				+ (before.total() - before.free()) + " in use, not touched)");
		parts.add((shortfall == 0) ? "regrew to " + after.total() : "could regrow only to " + after.total() + " of "
				+ before.total() + ": " + shortfall + " pages short after " + REGROW_ATTEMPTS + " attempts");
		return String.join("; ", parts);
	}

	/**
	 * One pool's rebuild.
	 *
	 * @param change the pool before and after
	 * @param ok the pool is as large as before (or was left alone on purpose with nothing
	 * to do)
	 * @param released pages given back and regrown
	 * @param shortfall pages the pool is smaller than before
	 * @param detail what happened, for people
	 */
	record Result(PoolChange change, boolean ok, long released, long shortfall, String detail) {
	}

}
