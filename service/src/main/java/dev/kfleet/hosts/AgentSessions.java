package dev.kfleet.hosts;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Each enrolled agent's last accepted sequence and report hash, kept in memory so that a
 * check-in that changes nothing needs no database round trip. The database stays the
 * authority: a full report is accepted only by a conditional update there, so a stale
 * entry (another replica took a newer check-in) can at worst ask for a full report.
 */
@Component
class AgentSessions {

	private final ConcurrentMap<UUID, Session> sessions = new ConcurrentHashMap<>();

	private final AgentPresenceRepository agents;

	AgentSessions(AgentPresenceRepository agents) {
		this.agents = agents;
	}

	Session get(UUID hostId) {
		Session session = this.sessions.get(hostId);
		if (session != null) {
			return session;
		}
		Session loaded = this.agents.find(hostId)
			.map((agent) -> new Session(agent.lastSequence(), agent.reportHash(), agent.agentVersion()))
			.orElse(Session.NONE);
		Session raced = this.sessions.putIfAbsent(hostId, loaded);
		return (raced != null) ? raced : loaded;
	}

	/** Moves a session forward; never backwards, also when two check-ins race. */
	void advance(UUID hostId, long sequence, @Nullable String reportHash, @Nullable String agentVersion) {
		this.sessions.merge(hostId, new Session(sequence, reportHash, agentVersion),
				(old, now) -> (now.lastSequence() > old.lastSequence()) ? now : old);
	}

	void forget(UUID hostId) {
		this.sessions.remove(hostId);
	}

	/**
	 * What the service knows of an agent's check-ins.
	 *
	 * @param lastSequence the highest accepted sequence
	 * @param reportHash the hash of the report the service holds
	 * @param agentVersion the agent's version
	 */
	record Session(long lastSequence, @Nullable String reportHash, @Nullable String agentVersion) {

		static final Session NONE = new Session(0, null, null);

	}

}
