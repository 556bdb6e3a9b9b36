package dev.kfleet.hosts;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.instant;
import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code host_agent} table: which hosts have an agent, its sequence and its last
 * heartbeat.
 */
@Repository
class AgentPresenceRepository {

	private static final String COLUMNS = "host_id, enrolled_at, agent_version, last_sequence, report_hash, last_seen_at";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	AgentPresenceRepository(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	Optional<AgentPresence> find(UUID hostId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM host_agent WHERE host_id = ?")
			.param(hostId)
			.query(AgentPresenceRepository::map)
			.optional();
	}

	Map<UUID, AgentPresence> findAll(Collection<UUID> hostIds) {
		if (hostIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM host_agent WHERE host_id IN (:ids)")
			.param("ids", hostIds)
			.query(AgentPresenceRepository::map)
			.list()
			.stream()
			.collect(Collectors.toMap(AgentPresence::hostId, (presence) -> presence));
	}

	/** A fresh enrollment: the sequence starts again and no report is held. */
	void enroll(UUID hostId, String agentVersion, Instant now) {
		this.jdbc.sql("""
				INSERT INTO host_agent (host_id, enrolled_at, agent_version, last_sequence, report_hash, last_seen_at)
				VALUES (?, ?, ?, 0, NULL, ?)
				ON CONFLICT (host_id) DO UPDATE SET enrolled_at = EXCLUDED.enrolled_at,
				    agent_version = EXCLUDED.agent_version, last_sequence = 0, report_hash = NULL,
				    last_seen_at = EXCLUDED.last_seen_at""")
			.params(hostId, timestamp(now), agentVersion, timestamp(now))
			.update();
	}

	/**
	 * Takes a full report's sequence and hash, if its sequence is newer than every one
	 * accepted, and tells the hash of the report it replaces; empty (and nothing written)
	 * for a replayed or older sequence.
	 */
	Optional<Previous> acceptReport(UUID hostId, long sequence, String reportHash, String agentVersion, Instant now) {
		return this.jdbc.sql("""
				WITH old AS (SELECT host_id, report_hash FROM host_agent WHERE host_id = ? FOR UPDATE)
				UPDATE host_agent AS a SET last_sequence = ?, report_hash = ?, agent_version = ?,
				    last_seen_at = GREATEST(a.last_seen_at, ?)
				FROM old WHERE a.host_id = old.host_id AND a.last_sequence < ?
				RETURNING old.report_hash""")
			.params(hostId, sequence, reportHash, agentVersion, timestamp(now), sequence)
			.query((rs, row) -> new Previous(rs.getString("report_hash")))
			.optional();
	}

	/**
	 * Lets the current transaction commit without waiting for its WAL to reach the disk.
	 * For reports only: a report lost in a database crash is sent again (the agent's next
	 * hash is unknown to the service, which then asks for the full report).
	 */
	void commitWithoutWaitingForDisk() {
		this.jdbc.sql("SET LOCAL synchronous_commit TO OFF").update();
	}

	void updateAgentVersion(UUID hostId, String agentVersion) {
		this.jdbc.sql("UPDATE host_agent SET agent_version = ? WHERE host_id = ?")
			.params(agentVersion, hostId)
			.update();
	}

	/** Writes a batch of heartbeats in one statement; never moves a value backwards. */
	int flush(List<Heartbeat> beats) {
		return this.template.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement("""
					UPDATE host_agent AS a
					SET last_seen_at = GREATEST(a.last_seen_at, b.seen_at),
					    last_sequence = GREATEST(a.last_sequence, b.sequence)
					FROM unnest(?::uuid[], ?::timestamptz[], ?::bigint[]) AS b(host_id, seen_at, sequence)
					WHERE a.host_id = b.host_id""")) {
				statement.setArray(1, array(connection, "uuid", beats.stream().map(Heartbeat::hostId).toArray()));
				statement.setArray(2, array(connection, "timestamptz",
						beats.stream().map((beat) -> Timestamp.from(beat.seenAt())).toArray()));
				statement.setArray(3, array(connection, "bigint", beats.stream().map(Heartbeat::sequence).toArray()));
				return statement.executeUpdate();
			}
		});
	}

	private static Array array(Connection connection, String type, Object[] values) throws SQLException {
		return connection.createArrayOf(type, values);
	}

	private static AgentPresence map(ResultSet rs, int row) throws SQLException {
		return new AgentPresence(rs.getObject("host_id", UUID.class), requiredInstant(rs, "enrolled_at"),
				rs.getString("agent_version"), rs.getLong("last_sequence"), rs.getString("report_hash"),
				instant(rs, "last_seen_at"));
	}

	/**
	 * What an accepted report replaced.
	 *
	 * @param reportHash the hash of the report held before, or {@code null} for none
	 */
	record Previous(@Nullable String reportHash) {
	}

	/**
	 * A check-in to be recorded with the next flush.
	 *
	 * @param hostId the host
	 * @param seenAt when it checked in
	 * @param sequence its sequence
	 */
	record Heartbeat(UUID hostId, Instant seenAt, long sequence) {
	}

}
