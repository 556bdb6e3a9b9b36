package dev.kfleet.agent.daemon;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;

import dev.kfleet.agent.actions.HostKernel;

/**
 * At start-up, regrows the pools a rebuild had given pages back from when the agent
 * stopped (killed, crashed, power cut before the regrow), to their journaled totals, and
 * forgets the journal entries it could honour. A pool the kernel cannot regrow stays
 * journaled and is tried again at the next start; it is logged either way.
 */
final class RebuildRecovery {

	private final HostKernel kernel;

	private final AgentLog log;

	RebuildRecovery(HostKernel kernel, AgentLog log) {
		this.kernel = kernel;
		this.log = log;
	}

	void recover(StateHolder holder) {
		for (Map.Entry<Long, Map<Integer, Long>> pool : holder.get().rebuilds().entrySet()) {
			boolean complete = true;
			for (Map.Entry<Integer, Long> target : pool.getValue().entrySet()) {
				complete &= regrow(pool.getKey(), target.getKey(), target.getValue());
			}
			if (complete) {
				new StatePoolJournal(holder).end(pool.getKey());
			}
		}
	}

	private boolean regrow(long size, int node, long total) {
		OptionalInt target = (node == AgentState.WHOLE_POOL) ? OptionalInt.empty() : OptionalInt.of(node);
		try {
			long before = this.kernel.pool(size, target).total();
			if (before < total) {
				this.kernel.setPoolTotal(size, target, total);
			}
			long after = this.kernel.pool(size, target).total();
			this.log.warn("rebuild-recovered", "pageSizeBytes", size, "node", target.isPresent() ? node : "all",
					"before", before, "after", after, "journaled", total);
			return after >= total;
		}
		catch (IOException ex) {
			this.log.error("rebuild-recovery-failed", "pageSizeBytes", size, "cause", ex.getMessage());
			return false;
		}
	}

}
