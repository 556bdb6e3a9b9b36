package dev.kfleet.agents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

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

	private static final String COLUMNS = IssuedSecret.COLUMNS + ", enrollments";

	private final JdbcClient jdbc;

	private final IssuedSecretTable table;

	EnrollmentSecretRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.table = new IssuedSecretTable(jdbc, "enrollment_secret");
	}

	void insert(IssuedSecret secret) {
		this.jdbc.sql("INSERT INTO enrollment_secret (" + IssuedSecret.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(secret.values())
			.update();
	}

	@Override
	public Optional<EnrollmentSecret> findById(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM enrollment_secret WHERE id = ?")
			.param(id)
			.query(EnrollmentSecretRepository::map)
			.optional();
	}

	Optional<EnrollmentSecret> findByHash(byte[] hash) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM enrollment_secret WHERE secret_hash = ?")
			.param(hash)
			.query(EnrollmentSecretRepository::map)
			.optional();
	}

	@Override
	public List<EnrollmentSecret> page(@Nullable UUID after, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM enrollment_secret WHERE (CAST(? AS uuid) IS NULL OR id > ?) ORDER BY id LIMIT ?")
			.params(after, after, limit)
			.query(EnrollmentSecretRepository::map)
			.list();
	}

	@Override
	public boolean revoke(UUID id, Instant now) {
		return this.table.revoke(id, now);
	}

	/**
	 * Counts an enrollment made with the secret, in a statement of its own that commits
	 * without waiting for the disk: every enrollment with a secret updates its row, so
	 * the row lock is held for microseconds instead of for a durable commit, which
	 * serialized enrollment bursts. The count is informational; a count lost in a
	 * database crash costs nothing else.
	 */
	void used(UUID id, Instant now) {
		this.jdbc.sql("""
				WITH cfg AS (SELECT set_config('synchronous_commit', 'off', true) AS synchronous_commit)
				UPDATE enrollment_secret SET enrollments = enrollments + 1,
				    last_used_at = GREATEST(last_used_at, ?)
				FROM cfg WHERE id = ?""").params(timestamp(now), id).update();
	}

	private static EnrollmentSecret map(ResultSet rs, int row) throws SQLException {
		return new EnrollmentSecret(IssuedSecret.map(rs), rs.getLong("enrollments"));
	}

}
