package dev.kfleet.agent.actions;

import java.io.IOException;
import java.util.Map;

/**
 * Remembers, durably, a pool's size before a rebuild gives pages back, so that an agent
 * that dies between giving back and regrowing restores the pool when it starts again.
 */
public interface PoolJournal {

	/** A journal that keeps nothing (the simulator's hosts cannot die mid-action). */
	PoolJournal NONE = new PoolJournal() {

		@Override
		public void begin(long pageSizeBytes, long total, Map<Integer, Long> nodeTotals) {
		}

		@Override
		public void end(long pageSizeBytes) {
		}

	};

	/**
	 * Records a pool's totals before any page is given back.
	 * @param pageSizeBytes the HugeTLB page size
	 * @param total {@code nr_hugepages} before
	 * @param nodeTotals each node's {@code nr_hugepages} before, when rebuilt per node
	 * @throws IOException if it could not be recorded; the rebuild then does not start
	 */
	void begin(long pageSizeBytes, long total, Map<Integer, Long> nodeTotals) throws IOException;

	/**
	 * Forgets a pool once it is regrown (or as far as it could be).
	 * @param pageSizeBytes the HugeTLB page size
	 * @throws IOException if it could not be recorded
	 */
	void end(long pageSizeBytes) throws IOException;

}
