package dev.kfleet.agent.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kfleet.agent.hvo.MemmapBaseline;
import dev.kfleet.agent.server.Acknowledged;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.Bounds;

/**
 * What the daemon keeps across restarts, in {@code state.json}.
 *
 * @param server the service the enrollment belongs to
 * @param machineId the machine id enrolled with
 * @param hostId the host id, once enrolled
 * @param hostToken the host token, once enrolled (never logged)
 * @param nextSequence the sequence of the next check-in
 * @param acknowledged the last report the service acknowledged
 * @param appliedDesiredVersion the newest desired state version applied (or taken as
 * applied, see {@link dev.kfleet.agent.server.DesiredVersions})
 * @param baseline the memmap counters seen without HugeTLB pages, for the baseline method
 * @param pendingResults action results not yet accepted by the service
 * @param rebuilds pools whose rebuild gave pages back and has not regrown them yet: page
 * size to the totals before (key -1 for the whole pool, else the node)
 * @param requestKey the key of the enrollment attempts, kept until one succeeds (never
 * logged; see {@link dev.kfleet.agent.server.RequestKey})
 * @param renewal enroll again before the next check-in, with the host token as proof: the
 * sequence would pass 2^53 − 1, or the token was saved from a state file that could not
 * be read
 */
record AgentState(String server, String machineId, Optional<String> hostId, Optional<String> hostToken,
		long nextSequence, Optional<Acknowledged> acknowledged, long appliedDesiredVersion,
		Optional<MemmapBaseline> baseline, List<ActionResult> pendingResults, Map<Long, Map<Integer, Long>> rebuilds,
		Optional<String> requestKey, boolean renewal) {

	static final int WHOLE_POOL = -1;

	AgentState {
		pendingResults = List.copyOf(pendingResults);
		rebuilds = Map.copyOf(rebuilds);
	}

	static AgentState fresh(String server, String machineId) {
		return new AgentState(server, machineId, Optional.empty(), Optional.empty(), 1, Optional.empty(), 0,
				Optional.empty(), List.of(), Map.of(), Optional.empty(), false);
	}

	/**
	 * Tells whether the agent can check in: it holds a token and need not enroll again.
	 * @return whether it is enrolled
	 */
	boolean enrolled() {
		return this.hostToken.isPresent() && !this.renewal;
	}

	AgentState enrolledAs(String newHostId, String token) {
		long applied = this.hostId.map((id) -> id.equals(newHostId)).orElse(false) ? this.appliedDesiredVersion : 0;
		return new AgentState(this.server, this.machineId, Optional.of(newHostId), Optional.of(token), 1,
				Optional.empty(), applied, this.baseline, this.pendingResults, this.rebuilds, Optional.empty(), false);
	}

	AgentState withoutToken() {
		return new AgentState(this.server, this.machineId, this.hostId, Optional.empty(), this.nextSequence,
				this.acknowledged, this.appliedDesiredVersion, this.baseline, this.pendingResults, this.rebuilds,
				this.requestKey, false);
	}

	/**
	 * Returns the state after an answered check-in; a next sequence past 2^53 − 1 calls
	 * for a new enrollment.
	 */
	AgentState checkedIn(long sequence, Optional<Acknowledged> ack, List<ActionResult> pending) {
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, sequence, ack,
				this.appliedDesiredVersion, this.baseline, pending, this.rebuilds, this.requestKey,
				sequence > Bounds.MAX_SEQUENCE);
	}

	AgentState applied(long version, List<ActionResult> results) {
		List<ActionResult> pending = new ArrayList<>(this.pendingResults);
		pending.addAll(results);
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, this.nextSequence,
				this.acknowledged, version, this.baseline, pending, this.rebuilds, this.requestKey, this.renewal);
	}

	AgentState withBaseline(Optional<MemmapBaseline> newBaseline) {
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, this.nextSequence,
				this.acknowledged, this.appliedDesiredVersion, newBaseline, this.pendingResults, this.rebuilds,
				this.requestKey, this.renewal);
	}

	AgentState withRebuilds(Map<Long, Map<Integer, Long>> newRebuilds) {
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, this.nextSequence,
				this.acknowledged, this.appliedDesiredVersion, this.baseline, this.pendingResults, newRebuilds,
				this.requestKey, this.renewal);
	}

	AgentState withFullReportNext() {
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, this.nextSequence,
				Optional.empty(), this.appliedDesiredVersion, this.baseline, this.pendingResults, this.rebuilds,
				this.requestKey, this.renewal);
	}

	AgentState withRequestKey(String key) {
		return new AgentState(this.server, this.machineId, this.hostId, this.hostToken, this.nextSequence,
				this.acknowledged, this.appliedDesiredVersion, this.baseline, this.pendingResults, this.rebuilds,
				Optional.of(key), this.renewal);
	}

	/**
	 * Returns a fresh state that presents a token saved from an unreadable state file as
	 * proof when it enrolls.
	 */
	AgentState renewingWith(String hostIdSaved, String token) {
		return new AgentState(this.server, this.machineId, Optional.of(hostIdSaved), Optional.of(token),
				this.nextSequence, Optional.empty(), this.appliedDesiredVersion, this.baseline, this.pendingResults,
				this.rebuilds, this.requestKey, true);
	}

	@Override
	public String toString() {
		return "AgentState[server=" + this.server + ", hostId=" + this.hostId + ", hostToken="
				+ (this.hostToken.isPresent() ? "(hidden)" : "none") + ", nextSequence=" + this.nextSequence
				+ ", renewal=" + this.renewal + "]";
	}

}
