package dev.kfleet.agents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.IssuedSecretLifecycle;
import dev.kfleet.platform.IssuedSecretTable;

import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code enrollment_secret} table.
 */
@Repository
class EnrollmentSecretRepository implements IssuedSecretLifecycle.Store<EnrollmentSecret> {

	private static final String COLUMNS = IssuedSecret.COLUMNS + ", enrollments, max_uses, labels::text AS labels";

	/** The columns, and how many host tokens issued with the secret exist. */
	private static final String COLUMNS_AND_TOKENS = COLUMNS
			+ ", (SELECT count(*) FROM agent_credential c WHERE c.enrollment_secret_id = enrollment_secret.id) AS host_tokens";

	private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final IssuedSecretTable table;

	EnrollmentSecretRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
		this.table = new IssuedSecretTable(jdbc, "enrollment_secret");
	}

	void insert(IssuedSecret secret, @Nullable Long maxUses, Map<String, String> labels) {
		this.jdbc
			.sql("INSERT INTO enrollment_secret (" + IssuedSecret.COLUMNS
					+ ", max_uses, labels) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))")
			.params(concat(secret.values(), maxUses, this.json.writeValueAsString(labels)))
			.update();
	}

	@Override
	public Optional<EnrollmentSecret> findById(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS_AND_TOKENS + " FROM enrollment_secret WHERE id = ?")
			.param(id)
			.query(this::map)
			.optional();
	}

	/** The secret an agent presents (without counting its host tokens). */
	Optional<EnrollmentSecret> findByHash(byte[] hash) {
		return this.jdbc.sql("SELECT " + COLUMNS + ", 0 AS host_tokens FROM enrollment_secret WHERE secret_hash = ?")
			.param(hash)
			.query(this::map)
			.optional();
	}

	/**
	 * The secret an enrollment uses, read in the enrollment's transaction. A limited
	 * secret's row stays locked until the transaction ends, so that its uses are counted
	 * one enrollment at a time ({@link #countUse}); a secret without a limit is not
	 * locked (enrollment bursts with one secret must not queue on its row).
	 */
	Optional<EnrollmentSecret> readForEnrollment(UUID id, boolean limited) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + ", 0 AS host_tokens FROM enrollment_secret WHERE id = ?"
					+ (limited ? " FOR NO KEY UPDATE" : ""))
			.param(id)
			.query(this::map)
			.optional();
	}

	/**
	 * Whether a secret is revoked now. An enrollment asks after it wrote its host's
	 * credential: a revocation that took the secret's row first
	 * ({@link #lockForRevocation}) made that write wait for it (the credential's foreign
	 * key shares the row), so the enrollment sees it and stops, and one that came later
	 * finds the credential to delete.
	 */
	boolean isRevoked(UUID id) {
		return this.jdbc.sql("SELECT revoked_at IS NOT NULL FROM enrollment_secret WHERE id = ?")
			.param(id)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Locks a secret's row for its revocation, until the transaction ends: enrollments
	 * that are writing a credential with it finish first, and later ones wait.
	 */
	void lockForRevocation(UUID id) {
		this.jdbc.sql("SELECT id FROM enrollment_secret WHERE id = ? FOR UPDATE").param(id).query(UUID.class).list();
	}

	@Override
	public List<EnrollmentSecret> page(@Nullable UUID after, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS_AND_TOKENS
					+ " FROM enrollment_secret WHERE (CAST(? AS uuid) IS NULL OR id > ?) ORDER BY id LIMIT ?")
			.params(after, after, limit)
			.query(this::map)
			.list();
	}

	@Override
	public boolean revoke(UUID id, Instant now) {
		return this.table.revoke(id, now);
	}

	/**
	 * Counts an enrollment made with a secret without a limit, in a statement of its own,
	 * after the enrollment's transaction, that commits without waiting for the disk:
	 * every enrollment with a secret updates its row, so the row lock is held for
	 * microseconds instead of for a durable commit, which serialized enrollment bursts.
	 * The count is informational; a count lost in a database crash costs nothing else.
	 */
	void used(UUID id, Instant now) {
		this.jdbc.sql("""
				WITH cfg AS (SELECT set_config('synchronous_commit', 'off', true) AS synchronous_commit)
				UPDATE enrollment_secret SET enrollments = enrollments + 1,
				    last_used_at = GREATEST(last_used_at, ?)
				FROM cfg WHERE id = ?""").params(timestamp(now), id).update();
	}

	/**
	 * Counts an enrollment made with a limited secret, in the enrollment's transaction
	 * (which holds the row since {@link #readForEnrollment}), only while it has uses
	 * left: false when it has none, and then the enrollment must not happen. Exact across
	 * replicas: the count can never pass {@code max_uses}.
	 */
	boolean countUse(UUID id, Instant now) {
		return this.jdbc.sql("""
				UPDATE enrollment_secret SET enrollments = enrollments + 1, last_used_at = GREATEST(last_used_at, ?)
				WHERE id = ? AND enrollments < max_uses RETURNING enrollments""")
			.params(timestamp(now), id)
			.query(Long.class)
			.optional()
			.isPresent();
	}

	private EnrollmentSecret map(ResultSet rs, int row) throws SQLException {
		long maxUses = rs.getLong("max_uses");
		Long limit = rs.wasNull() ? null : maxUses;
		return new EnrollmentSecret(IssuedSecret.map(rs), rs.getLong("enrollments"), limit,
				this.json.readValue(rs.getString("labels"), LABELS), rs.getLong("host_tokens"));
	}

	private static Object[] concat(Object[] values, @Nullable Object... more) {
		Object[] all = Arrays.copyOf(values, values.length + more.length);
		System.arraycopy(more, 0, all, values.length, more.length);
		return all;
	}

}
