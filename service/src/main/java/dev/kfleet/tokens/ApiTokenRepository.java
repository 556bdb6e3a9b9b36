package dev.kfleet.tokens;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kfleet.platform.Role;

import static dev.kfleet.platform.SqlTypes.instant;
import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code api_token} table.
 */
@Repository
class ApiTokenRepository {

	private static final String COLUMNS = "id, name, role, token_hash, token_hint, created_at, created_by, expires_at, revoked_at, last_used_at";

	private final JdbcClient jdbc;

	ApiTokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ApiToken token) {
		this.jdbc.sql("INSERT INTO api_token (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(token.id(), token.name(), token.role().name(), token.hash(), token.hint(),
					timestamp(token.createdAt()), token.createdBy(), timestamp(token.expiresAt()),
					timestamp(token.revokedAt()), timestamp(token.lastUsedAt()))
			.update();
	}

	Optional<ApiToken> findById(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE id = ?")
			.param(id)
			.query(ApiTokenRepository::map)
			.optional();
	}

	Optional<ApiToken> findByHash(byte[] hash) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE token_hash = ?")
			.param(hash)
			.query(ApiTokenRepository::map)
			.optional();
	}

	/** Up to {@code limit} tokens after {@code after} in id order. */
	List<ApiToken> page(@Nullable UUID after, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM api_token WHERE (CAST(? AS uuid) IS NULL OR id > ?) ORDER BY id LIMIT ?")
			.params(after, after, limit)
			.query(ApiTokenRepository::map)
			.list();
	}

	boolean revoke(UUID id, Instant now) {
		return this.jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
			.params(timestamp(now), id)
			.update() == 1;
	}

	void touch(UUID id, Instant now) {
		this.jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ?").params(timestamp(now), id).update();
	}

	private static ApiToken map(ResultSet rs, int row) throws SQLException {
		return new ApiToken(rs.getObject("id", UUID.class), rs.getString("name"), Role.valueOf(rs.getString("role")),
				rs.getBytes("token_hash"), rs.getString("token_hint"), requiredInstant(rs, "created_at"),
				rs.getString("created_by"), instant(rs, "expires_at"), instant(rs, "revoked_at"),
				instant(rs, "last_used_at"));
	}

}
