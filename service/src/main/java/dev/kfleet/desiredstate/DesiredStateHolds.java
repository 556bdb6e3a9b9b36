package dev.kfleet.desiredstate;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The hosts whose desired state an active rollout holds (ADR 0035): only the rollout sets
 * it; anyone else needs force, and forcing it fails the host in the rollout. The rollouts
 * module implements it; without it no host is held.
 */
public interface DesiredStateHolds {

	/** The hosts among these that an active rollout holds, with the rollout as owner. */
	Map<UUID, DesiredStateOwner> holders(Collection<UUID> hostIds);

	/**
	 * Force took these hosts from the rollouts that held them, in the caller's
	 * transaction: they fail in their rollouts and are held no longer.
	 * @param hostIds the hosts
	 * @param by who forced
	 */
	void forced(Collection<UUID> hostIds, DesiredStateOwner by);

}
