package dev.kfleet.agent.simulator;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One HugeTLB pool of a modeled kernel, page by page as far as HVO is concerned: the free
 * list is a stack (the kernel frees the page at the head and puts new pages at the head),
 * and each page remembers whether its vmemmap was optimized when it was allocated.
 */
final class ModeledPool {

	private final long sizeBytes;

	private final long freedPagesPerPage;

	private final Deque<Run> freeList = new ArrayDeque<>();

	private long free;

	private long freeOptimized;

	private long inUse;

	private long inUseOptimized;

	private long reserved;

	private long capacity;

	ModeledPool(long sizeBytes, long freedPagesPerPage, long capacity) {
		this.sizeBytes = sizeBytes;
		this.freedPagesPerPage = freedPagesPerPage;
		this.capacity = capacity;
	}

	long sizeBytes() {
		return this.sizeBytes;
	}

	long freedPagesPerPage() {
		return this.freedPagesPerPage;
	}

	long total() {
		return this.free + this.inUse;
	}

	long free() {
		return this.free;
	}

	long reserved() {
		return this.reserved;
	}

	long optimized() {
		return this.inUseOptimized + this.freeOptimized;
	}

	/**
	 * How many pages the kernel could hold in this pool at most (contiguous memory left).
	 */
	void capacity(long pages) {
		this.capacity = pages;
	}

	/**
	 * Allocates pages, as a write of a larger {@code nr_hugepages} does.
	 * @param pages how many are asked for
	 * @param optimize whether HVO is on (and the size optimizable)
	 * @return the vmemmap pages freed by optimizing them
	 */
	long grow(long pages, boolean optimize) {
		long granted = Math.max(0, Math.min(pages, this.capacity - total()));
		push(optimize, granted);
		return optimize ? granted * this.freedPagesPerPage : 0;
	}

	/**
	 * Frees free unreserved pages, head first, as a write of a smaller
	 * {@code nr_hugepages} does.
	 * @param pages how many are asked for
	 * @return the vmemmap pages restored for the optimized ones among them
	 */
	long shrink(long pages) {
		long freeable = Math.max(0, Math.min(pages, this.free - this.reserved));
		return pop(freeable) * this.freedPagesPerPage;
	}

	/**
	 * An application faults pages in (they leave the free list, head first) or releases
	 * them (they go back to the head).
	 * @param delta pages taken (positive) or released (negative)
	 */
	void use(long delta) {
		if (delta > 0) {
			long taken = Math.min(delta, this.free - this.reserved);
			long optimized = pop(taken);
			this.inUse += taken;
			this.inUseOptimized += optimized;
		}
		else {
			long released = Math.min(-delta, this.inUse);
			long optimized = Math.min(released, this.inUseOptimized);
			this.inUse -= released;
			this.inUseOptimized -= optimized;
			push(false, released - optimized);
			push(true, optimized);
		}
	}

	void reserve(long pages) {
		this.reserved = Math.min(pages, this.free);
	}

	private void push(boolean optimized, long pages) {
		if (pages <= 0) {
			return;
		}
		Run head = this.freeList.peek();
		if (head != null && head.optimized == optimized) {
			head.pages += pages;
		}
		else {
			this.freeList.push(new Run(optimized, pages));
		}
		this.free += pages;
		this.freeOptimized += optimized ? pages : 0;
	}

	/**
	 * Takes pages off the head of the free list; returns how many of them were optimized.
	 */
	private long pop(long pages) {
		long optimized = 0;
		long left = pages;
		while (left > 0) {
			Run head = this.freeList.peek();
			long taken = Math.min(left, head.pages);
			head.pages -= taken;
			if (head.pages == 0) {
				this.freeList.pop();
			}
			optimized += head.optimized ? taken : 0;
			left -= taken;
		}
		this.free -= pages;
		this.freeOptimized -= optimized;
		return optimized;
	}

	/** A run of free pages alike, from the head of the free list down. */
	private static final class Run {

		private final boolean optimized;

		private long pages;

		Run(boolean optimized, long pages) {
			this.optimized = optimized;
			this.pages = pages;
		}

	}

}
