package dev.kfleet.agents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.instant;
import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code enrollment_request} table: one row per request key. Every change of state is
 * a guarded update ({@code WHERE state IN …}), so that two replicas cannot both decide a
 * request.
 */
@Repository
class EnrollmentRequestRepository {

	private static final String COLUMNS = "id, key_hash, host_id, machine_id, hostname, kernel_release, agent_version, reason, enrollment_secret_id, source_address, state, attempts, first_attempt_at, last_attempt_at, decided_at, decided_by";

	private final JdbcClient jdbc;

	EnrollmentRequestRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<EnrollmentRequest> findById(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM enrollment_request WHERE id = ?")
			.param(id)
			.query(EnrollmentRequestRepository::map)
			.optional();
	}

	/** The request of a key, its row locked until the transaction ends. */
	Optional<EnrollmentRequest> lockByKey(RequestKey key) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM enrollment_request WHERE key_hash = ? FOR UPDATE")
			.param(key.hash())
			.query(EnrollmentRequestRepository::map)
			.optional();
	}

	/** A new pending request; false when its key has one already. */
	boolean insert(UUID id, RequestKey key, UUID hostId, EnrollmentAttempt attempt, String reason, UUID secretId,
			Instant now) {
		return this.jdbc.sql("""
				INSERT INTO enrollment_request (id, key_hash, host_id, machine_id, hostname, kernel_release,
				    agent_version, reason, enrollment_secret_id, source_address, state, attempts, first_attempt_at,
				    last_attempt_at)
				VALUES (:id, :key, :host, :machine, :hostname, :kernel, :agent, :reason, :secret, :source, 'pending', 1,
				    :now, :now)
				ON CONFLICT (key_hash) DO NOTHING""")
			.param("id", id)
			.param("key", key.hash())
			.param("host", hostId)
			.param("machine", attempt.machineId())
			.params(attemptParameters(attempt, reason, secretId, now))
			.update() == 1;
	}

	/**
	 * Counts another attempt with a request's key; it describes the request from now on.
	 */
	void recordAttempt(UUID id, EnrollmentAttempt attempt, String reason, UUID secretId, Instant now) {
		this.jdbc.sql("""
				UPDATE enrollment_request SET attempts = attempts + 1, last_attempt_at = :now, hostname = :hostname,
				    kernel_release = :kernel, agent_version = :agent, reason = :reason, enrollment_secret_id = :secret,
				    source_address = :source
				WHERE id = :id""").param("id", id).params(attemptParameters(attempt, reason, secretId, now)).update();
	}

	/**
	 * Moves a request from one of the states {@code from} to {@code to}; empty when it
	 * was in none of them (someone else decided first, or there is no such request).
	 */
	Optional<EnrollmentRequest> transition(UUID id, Collection<String> from, String to, Instant now,
			@Nullable String decidedBy) {
		return this.jdbc
			.sql("UPDATE enrollment_request SET state = :to, decided_at = COALESCE(CAST(:by_at AS timestamptz), decided_at), "
					+ "decided_by = COALESCE(CAST(:by AS text), decided_by) WHERE id = :id AND state IN (:from) RETURNING "
					+ COLUMNS)
			.param("id", id)
			.param("from", from)
			.param("to", to)
			.param("by_at", (decidedBy != null) ? timestamp(now) : null)
			.param("by", decidedBy)
			.query(EnrollmentRequestRepository::map)
			.optional();
	}

	/** Rejects every open (pending or approved) request of a host but one. */
	List<EnrollmentRequest> rejectOpen(UUID hostId, @Nullable UUID except, Instant now, String decidedBy) {
		return this.jdbc
			.sql("""
					UPDATE enrollment_request SET state = 'rejected', decided_at = :now, decided_by = :by
					WHERE host_id = :host AND state IN ('pending', 'approved') AND (CAST(:except AS uuid) IS NULL OR id <> :except)
					RETURNING\s"""
					+ COLUMNS)
			.param("host", hostId)
			.param("except", except)
			.param("now", timestamp(now))
			.param("by", decidedBy)
			.query(EnrollmentRequestRepository::map)
			.list();
	}

	/** Up to {@code limit} requests, newest first, before {@code before}, in a state. */
	List<EnrollmentRequest> page(@Nullable String state, @Nullable UUID before, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ """
							 FROM enrollment_request
							WHERE (CAST(:state AS text) IS NULL OR state = :state) AND (CAST(:before AS uuid) IS NULL OR id < :before)
							ORDER BY id DESC LIMIT :limit""")
			.param("state", state)
			.param("before", before)
			.param("limit", limit)
			.query(EnrollmentRequestRepository::map)
			.list();
	}

	private static Map<String, @Nullable Object> attemptParameters(EnrollmentAttempt attempt, String reason,
			UUID secretId, Instant now) {
		Map<String, @Nullable Object> parameters = new HashMap<>();
		parameters.put("hostname", attempt.hostname());
		parameters.put("kernel", attempt.kernelRelease());
		parameters.put("agent", attempt.agentVersion());
		parameters.put("reason", reason);
		parameters.put("secret", secretId);
		parameters.put("source", attempt.sourceAddress());
		parameters.put("now", timestamp(now));
		return parameters;
	}

	private static EnrollmentRequest map(ResultSet rs, int row) throws SQLException {
		return new EnrollmentRequest(rs.getObject("id", UUID.class), rs.getObject("host_id", UUID.class),
				rs.getString("machine_id"), rs.getString("hostname"), rs.getString("kernel_release"),
				rs.getString("agent_version"), rs.getString("reason"),
				RequestKey.fingerprintOf(rs.getBytes("key_hash")), rs.getObject("enrollment_secret_id", UUID.class),
				rs.getString("source_address"), rs.getString("state"), rs.getLong("attempts"),
				requiredInstant(rs, "first_attempt_at"), requiredInstant(rs, "last_attempt_at"),
				instant(rs, "decided_at"), rs.getString("decided_by"));
	}

}
