package dev.kfleet.agent.daemon;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kfleet.agent.hvo.MemmapBaseline;
import dev.kfleet.agent.server.Acknowledged;
import dev.kfleet.agent.server.ActionResult;

/**
 * What the daemon keeps across restarts, in {@code state.json}.
 *
 * @param server the service the enrollment belongs to
 * @param machineId the machine id enrolled with
 * @param hostId the host id, once enrolled
 * @param hostToken the host token, once enrolled (never logged)
 * @param nextSequence the sequence of the next check-in
 * @param acknowledged the last report the service acknowledged
 * @param appliedDesiredVersion the newest desired state version applied
 * @param baseline the memmap counters seen without HugeTLB pages, for the baseline method
 * @param pendingResults action results not yet accepted by the service
 * @param rebuilds pools whose rebuild gave pages back and has not regrown them yet: page
 * size to the totals before (key -1 for the whole pool, else the node)
 */
record AgentState(String server, String machineId, Optional<String> hostId, Optional<String> hostToken,
		long nextSequence, Optional<Acknowledged> acknowledged, long appliedDesiredVersion,
		Optional<MemmapBaseline> baseline, List<ActionResult> pendingResults, Map<Long, Map<Integer, Long>> rebuilds) {

	static final int WHOLE_POOL = -1;

	AgentState {
		pendingResults = List.copyOf(pendingResults);
		rebuilds = Map.copyOf(rebuilds);
	}

	static AgentState fresh(String server, String machineId) {
		return new AgentState(server, machineId, Optional.empty(), Optional.empty(), 1, Optional.empty(), 0,
				Optional.empty(), List.of(), Map.of());
	}

	boolean enrolled() {
		return this.hostToken.isPresent();
	}

	AgentState enrolledAs(String newHostId, String token) {
		long applied = this.hostId.map((id) -> id.equals(newHostId)).orElse(false) ? this.appliedDesiredVersion : 0;
		return new AgentState(this.server, this.machineId, Optional.of(newHostId), Optional.of(token), 1,
				Optional.empty(), applied, this.baseline, this.pendingResults, this.rebuilds);
	}

	AgentState withoutToken() {
		return new AgentState(this.server, this.machineId, this.hostId, Optional.empty(), this.nextSequence,
				this.acknowledged, this.appliedDesiredVersion, this.baseline, this.pendingResults, this.rebuilds);
	}

	AgentState checkedIn(long sequence, Optional<Acknowledged> ack, List<ActionResult> pending) {
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, sequence, ack,
				this.appliedDesiredVersion, this.baseline, pending, this.rebuilds);
	}

	AgentState applied(long version, List<ActionResult> results) {
		List<ActionResult> pending = new java.util.ArrayList<>(this.pendingResults);
		pending.addAll(results);
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, this.nextSequence,
				this.acknowledged, version, this.baseline, pending, this.rebuilds);
	}

	AgentState withBaseline(Optional<MemmapBaseline> newBaseline) {
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, this.nextSequence,
				this.acknowledged, this.appliedDesiredVersion, newBaseline, this.pendingResults, this.rebuilds);
	}

	AgentState withRebuilds(Map<Long, Map<Integer, Long>> newRebuilds) {
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, this.nextSequence,
				this.acknowledged, this.appliedDesiredVersion, this.baseline, this.pendingResults, newRebuilds);
	}

	AgentState withFullReportNext() {
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, this.nextSequence,
				Optional.empty(), this.appliedDesiredVersion, this.baseline, this.pendingResults, this.rebuilds);
	}

	@Override
	public String toString() {
		return "AgentState[server=" + this.server + ", hostId=" + this.hostId + ", hostToken="
				+ (this.hostToken.isPresent() ? "(hidden)" : "none") + ", nextSequence=" + this.nextSequence + "]";
	}

}
