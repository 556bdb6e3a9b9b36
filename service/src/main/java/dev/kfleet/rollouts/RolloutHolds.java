package dev.kfleet.rollouts;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.kfleet.desiredstate.DesiredStateHolds;
import dev.kfleet.desiredstate.DesiredStateOwner;

/**
 * The hosts active rollouts hold, for the desired-state writes of everyone else: refused
 * without force; forced, the host fails in its rollout (ADR 0035).
 */
@Component
class RolloutHolds implements DesiredStateHolds {

	private final RolloutHostRepository hosts;

	private final Clock clock;

	RolloutHolds(RolloutHostRepository hosts, Clock clock) {
		this.hosts = hosts;
		this.clock = clock;
	}

	@Override
	public Map<UUID, DesiredStateOwner> holders(Collection<UUID> hostIds) {
		Map<UUID, DesiredStateOwner> holders = new LinkedHashMap<>();
		this.hosts.holders(hostIds)
			.forEach((hostId, holder) -> holders.put(hostId,
					DesiredStateOwner.rollout(holder.rolloutId(), holder.name())));
		return holders;
	}

	@Override
	public void forced(Collection<UUID> hostIds, DesiredStateOwner by) {
		this.hosts.forced(hostIds, "its desired state was forced by " + by, this.clock.instant());
	}

}
