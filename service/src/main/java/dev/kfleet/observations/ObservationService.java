package dev.kfleet.observations;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * What agents reported about hosts, for the read side ({@code reports}): each host's
 * agent and observed state, and when an agent counts as stale. Runs in the caller's
 * transaction.
 */
@Service
public class ObservationService {

	private final AgentPresenceRepository agents;

	private final ObservedStateRepository states;

	private final HostProperties properties;

	private final Clock clock;

	ObservationService(AgentPresenceRepository agents, ObservedStateRepository states, HostProperties properties,
			Clock clock) {
		this.agents = agents;
		this.states = states;
		this.properties = properties;
		this.clock = clock;
	}

	/** The agents of these hosts; hosts without one are missing. */
	public Map<UUID, AgentPresence> agentsOf(Collection<UUID> hostIds) {
		return this.agents.findAll(hostIds);
	}

	/** What the latest reports of these hosts say; hosts without one are missing. */
	public Map<UUID, ObservedState> statesOf(Collection<UUID> hostIds) {
		return this.states.findAll(hostIds);
	}

	/** Agents last seen before this are stale now. */
	public Instant staleBefore() {
		return this.properties.staleBefore(this.clock.instant());
	}

}
