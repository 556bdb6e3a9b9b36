package dev.kfleet.rollouts;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.kfleet.desiredstate.ActionResult;
import dev.kfleet.desiredstate.ActionResultsRecorded;
import dev.kfleet.hosts.HostDecommissioned;

/**
 * Marks a rollout's host as having something new to judge, in the transaction that
 * records it: its agent's results for the version the rollout asked, or its
 * decommissioning. The reconciler then reads only the marked hosts and those past their
 * deadline, never a whole wave (ADR 0035). Synchronous listeners, so that the mark
 * commits, or is lost, with what it stands for.
 */
@Component
class HostsToJudge {

	private final RolloutHostRepository hosts;

	HostsToJudge(RolloutHostRepository hosts) {
		this.hosts = hosts;
	}

	@EventListener
	void on(ActionResultsRecorded recorded) {
		Map<UUID, Set<Long>> versions = new HashMap<>();
		recorded.results()
			.forEach((hostId, results) -> versions.put(hostId,
					results.stream().map(ActionResult::desiredVersion).collect(Collectors.toSet())));
		this.hosts.answered(versions);
	}

	@EventListener
	void on(HostDecommissioned decommissioned) {
		this.hosts.decommissioned(decommissioned.hostId());
	}

}
