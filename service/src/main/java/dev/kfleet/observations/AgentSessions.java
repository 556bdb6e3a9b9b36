package dev.kfleet.observations;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.kfleet.observations.AgentPresenceRepository.Lost;
import dev.kfleet.platform.DatabaseReplaced;

/**
 * Each enrolled agent's last accepted sequence and report hash, kept in memory so that a
 * check-in that changes nothing needs no database round trip. The database stays the
 * authority: a full report is accepted only by a conditional update there, so a stale
 * entry (another replica took a newer check-in) can at worst ask for a full report; and
 * an entry whose report the database lost is corrected by the next heartbeat flush
 * ({@link #reportsLost}) or, when the database server changed, dropped
 * ({@link #databaseReplaced}).
 */
@Component
class AgentSessions {

	private static final Logger log = LoggerFactory.getLogger(AgentSessions.class);

	private final ConcurrentMap<UUID, Session> sessions = new ConcurrentHashMap<>();

	private final AgentPresenceRepository agents;

	private final Counter lost;

	AgentSessions(AgentPresenceRepository agents, MeterRegistry meters) {
		this.agents = agents;
		this.lost = Counter.builder("kfleet.hosts.reports.lost")
			.description("Reports acknowledged to agents that the database no longer held; each agent was asked for its"
					+ " full report again")
			.register(meters);
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
	 * Reports the database lost although they were acknowledged (see
	 * {@link AgentPresenceRepository#flush}): each session that still holds the
	 * acknowledged hash takes the hash the database holds, so the agent's next check-in
	 * with the acknowledged hash is asked for its full report.
	 */
	void reportsLost(List<Lost> lost) {
		int asked = 0;
		for (Lost report : lost) {
			Session session = this.sessions.get(report.hostId());
			if (session != null && report.acknowledged().equals(session.reportHash())
					&& this.sessions.replace(report.hostId(), session,
							new Session(session.lastSequence(), report.stored(), session.agentVersion()))) {
				asked++;
			}
		}
		if (asked > 0) {
			this.lost.increment(asked);
			log.warn("{} hosts' acknowledged reports are not in the database (a crash, restore or failover lost them);"
					+ " their agents are asked for full reports", asked);
		}
	}

	/**
	 * The database is another server now (a restart after a crash, a failover, a
	 * restore): what it holds may be older than what this replica acknowledged, so every
	 * session is read from it again at its host's next check-in.
	 */
	@EventListener
	void databaseReplaced(DatabaseReplaced event) {
		int dropped = this.sessions.size();
		this.sessions.clear();
		log.info("Dropped {} agent sessions: they are read from the database again", dropped);
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
