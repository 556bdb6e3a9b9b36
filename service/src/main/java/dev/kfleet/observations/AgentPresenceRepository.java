package dev.kfleet.observations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
	 * Takes the sequence and hash of full reports, each if its sequence is newer than
	 * every one accepted for its host, in one statement (rows locked in id order, so that
	 * concurrent batches cannot deadlock). Returns, per accepted host, the hash of the
	 * report it replaces; hosts missing from the result were refused and nothing was
	 * written for them.
	 * <p>
	 * The same statement lets the transaction commit without waiting for its WAL to reach
	 * the disk ({@code set_config} in {@code cfg}, one round trip less per batch than a
	 * {@code SET LOCAL}): for reports only, because a report lost in a database crash is
	 * sent again (the agent's next hash is unknown to the service, which then asks for
	 * the full report). Not when {@code durable}: the batch also stores the results of
	 * actions, which an agent does not send again once answered.
	 */
	Map<UUID, Previous> acceptReports(List<Accept> reports, boolean durable, Instant now) {
		return this.template.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(
					"""
							WITH cfg AS (SELECT set_config('synchronous_commit',
							                        CASE WHEN ? THEN current_setting('synchronous_commit') ELSE 'off' END,
							                        true) AS synchronous_commit),
							     b AS (SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[])
							               AS b(host_id, sequence, report_hash, agent_version)),
							     old AS (SELECT a.host_id, a.report_hash, a.agent_version FROM host_agent a JOIN b ON b.host_id = a.host_id
							             ORDER BY a.host_id FOR UPDATE OF a)
							UPDATE host_agent AS a SET last_sequence = b.sequence, report_hash = b.report_hash,
							    agent_version = b.agent_version, last_seen_at = GREATEST(a.last_seen_at, ?)
							FROM cfg, b, old
							WHERE a.host_id = b.host_id AND old.host_id = b.host_id AND a.last_sequence < b.sequence
							RETURNING a.host_id, old.report_hash, old.agent_version""")) {
				statement.setBoolean(1, durable);
				statement.setArray(2, array(connection, "uuid", reports.stream().map(Accept::hostId).toArray()));
				statement.setArray(3,
						array(connection, "bigint", reports.stream().map(Accept::sequence).toArray(Long[]::new)));
				statement.setArray(4,
						array(connection, "text", reports.stream().map(Accept::reportHash).toArray(String[]::new)));
				statement.setArray(5,
						array(connection, "text", reports.stream().map(Accept::agentVersion).toArray(String[]::new)));
				statement.setTimestamp(6, Timestamp.from(now));
				Map<UUID, Previous> accepted = new HashMap<>();
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						accepted.put(rs.getObject(1, UUID.class), new Previous(rs.getString(2), rs.getString(3)));
					}
				}
				return accepted;
			}
		});
	}

	void updateAgentVersion(UUID hostId, String agentVersion) {
		this.jdbc.sql("UPDATE host_agent SET agent_version = ? WHERE host_id = ?")
			.params(agentVersion, hostId)
			.update();
	}

	/**
	 * Writes a batch of heartbeats in one statement; never moves a value backwards. Rows
	 * are locked in id order, like the report batches, so the two cannot deadlock.
	 * Returns the hosts whose stored report is not the one their heartbeat says the
	 * service acknowledged, although no newer check-in was accepted: the database lost it
	 * (a crash after an asynchronous commit, a restore, a failover), with the hash it
	 * holds instead.
	 */
	List<Lost> flush(List<Heartbeat> beats) {
		return this.template.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(
					"""
							WITH b AS (SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::bigint[], ?::text[])
							               AS b(host_id, seen_at, sequence, report_hash)),
							     locked AS (SELECT a.host_id, a.last_sequence, a.report_hash FROM host_agent a
							                JOIN b ON b.host_id = a.host_id ORDER BY a.host_id FOR UPDATE OF a),
							     beat AS (UPDATE host_agent AS a
							              SET last_seen_at = GREATEST(a.last_seen_at, b.seen_at),
							                  last_sequence = GREATEST(a.last_sequence, b.sequence)
							              FROM b, locked
							              WHERE a.host_id = b.host_id AND locked.host_id = b.host_id)
							SELECT locked.host_id, locked.report_hash, b.report_hash FROM locked JOIN b ON b.host_id = locked.host_id
							WHERE b.report_hash IS NOT NULL AND locked.last_sequence < b.sequence
							  AND locked.report_hash IS DISTINCT FROM b.report_hash""")) {
				statement.setArray(1, array(connection, "uuid", beats.stream().map(Heartbeat::hostId).toArray()));
				statement.setArray(2, array(connection, "timestamptz",
						beats.stream().map((beat) -> Timestamp.from(beat.seenAt())).toArray()));
				statement.setArray(3,
						array(connection, "bigint", beats.stream().map(Heartbeat::sequence).toArray(Long[]::new)));
				statement.setArray(4,
						array(connection, "text", beats.stream().map(Heartbeat::reportHash).toArray(String[]::new)));
				List<Lost> lost = new ArrayList<>();
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						lost.add(new Lost(rs.getObject(1, UUID.class), rs.getString(3), rs.getString(2)));
					}
				}
				return lost;
			}
		});
	}

	/**
	 * An array parameter. Typed arrays ({@code Long[]}, {@code String[]}) go to the
	 * server in binary; others ({@code UUID[]}, timestamps) as text.
	 */
	private static Array array(Connection connection, String type, Object[] values) throws SQLException {
		return connection.createArrayOf(type, values);
	}

	private static AgentPresence map(ResultSet rs, int row) throws SQLException {
		return new AgentPresence(rs.getObject("host_id", UUID.class), requiredInstant(rs, "enrolled_at"),
				rs.getString("agent_version"), rs.getLong("last_sequence"), rs.getString("report_hash"),
				instant(rs, "last_seen_at"));
	}

	/**
	 * A full report to accept.
	 *
	 * @param hostId the host
	 * @param sequence its check-in's sequence
	 * @param reportHash its hash
	 * @param agentVersion the agent that sent it
	 */
	record Accept(UUID hostId, long sequence, String reportHash, String agentVersion) {
	}

	/**
	 * What an accepted report replaced.
	 *
	 * @param reportHash the hash of the report held before, or {@code null} for none
	 * @param agentVersion the agent version of the check-in before
	 */
	record Previous(@Nullable String reportHash, @Nullable String agentVersion) {
	}

	/**
	 * A check-in to be recorded with the next flush.
	 *
	 * @param hostId the host
	 * @param seenAt when it checked in
	 * @param sequence its sequence
	 * @param reportHash the hash of the report the service told the agent it holds (the
	 * agent sent the same), or {@code null} when the service already asked for a full
	 * report
	 */
	record Heartbeat(UUID hostId, Instant seenAt, long sequence, @Nullable String reportHash) {
	}

	/**
	 * A report the service acknowledged that the database does not hold.
	 *
	 * @param hostId the host
	 * @param acknowledged the hash of the report acknowledged
	 * @param stored the hash of the report the database holds, or {@code null} for none
	 */
	record Lost(UUID hostId, String acknowledged, @Nullable String stored) {
	}

}
