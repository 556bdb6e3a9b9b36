package dev.kfleet.agent.daemon;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kfleet.agent.actions.PoolJournal;

/**
 * Journals pool rebuilds in the state file, durably: a rebuild does not give back a page
 * until its pool's totals are on disk.
 */
final class StatePoolJournal implements PoolJournal {

	private final StateHolder holder;

	StatePoolJournal(StateHolder holder) {
		this.holder = holder;
	}

	@Override
	public void begin(long pageSizeBytes, long total, Map<Integer, Long> nodeTotals) throws IOException {
		Map<Integer, Long> totals = new LinkedHashMap<>(nodeTotals);
		if (totals.isEmpty()) {
			totals.put(AgentState.WHOLE_POOL, total);
		}
		this.holder.updateDurably((state) -> {
			Map<Long, Map<Integer, Long>> rebuilds = new LinkedHashMap<>(state.rebuilds());
			rebuilds.put(pageSizeBytes, totals);
			return state.withRebuilds(rebuilds);
		});
	}

	@Override
	public void end(long pageSizeBytes) {
		this.holder.update((state) -> {
			Map<Long, Map<Integer, Long>> rebuilds = new LinkedHashMap<>(state.rebuilds());
			rebuilds.remove(pageSizeBytes);
			return state.withRebuilds(rebuilds);
		});
	}

}
