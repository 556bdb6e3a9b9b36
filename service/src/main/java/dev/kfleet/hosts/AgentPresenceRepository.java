package dev.kfleet.hosts;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

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
	 * Locks the rows of hosts, in id order (as {@link ReportBatchRepository} and
	 * {@link #flush} do, so that they cannot deadlock), for the rest of the transaction,
	 * and returns the hash of the report each holds ({@code null} for none); hosts
	 * without an agent are missing.
	 */
	Map<UUID, Optional<String>> lockReportHashes(Collection<UUID> hostIds) {
		Map<UUID, Optional<String>> hashes = new HashMap<>();
		this.jdbc.sql("SELECT host_id, report_hash FROM host_agent WHERE host_id IN (:ids) ORDER BY host_id FOR UPDATE")
			.param("ids", hostIds)
			.query((rs) -> {
				hashes.put(rs.getObject("host_id", UUID.class), Optional.ofNullable(rs.getString("report_hash")));
			});
		return hashes;
	}

	void updateAgentVersion(UUID hostId, String agentVersion) {
		this.jdbc.sql("UPDATE host_agent SET agent_version = ? WHERE host_id = ?")
			.params(agentVersion, hostId)
			.update();
	}

	/**
	 * Writes a batch of heartbeats in one statement; never moves a value backwards. Rows
	 * are locked in id order, like the report batches, so the two cannot deadlock.
	 */
	int flush(List<Heartbeat> beats) {
		return this.template.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement("""
					WITH b AS (SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::bigint[])
					               AS b(host_id, seen_at, sequence)),
					     locked AS (SELECT a.host_id FROM host_agent a JOIN b ON b.host_id = a.host_id
					                ORDER BY a.host_id FOR UPDATE OF a)
					UPDATE host_agent AS a
					SET last_seen_at = GREATEST(a.last_seen_at, b.seen_at),
					    last_sequence = GREATEST(a.last_sequence, b.sequence)
					FROM b, locked
					WHERE a.host_id = b.host_id AND locked.host_id = b.host_id""")) {
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
	 * A check-in to be recorded with the next flush.
	 *
	 * @param hostId the host
	 * @param seenAt when it checked in
	 * @param sequence its sequence
	 */
	record Heartbeat(UUID hostId, Instant seenAt, long sequence) {
	}

}
