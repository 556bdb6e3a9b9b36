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

import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.IssuedSecretLifecycle;
import dev.kfleet.platform.IssuedSecretTable;
import dev.kfleet.platform.Role;

/**
 * The {@code api_token} table.
 */
@Repository
class ApiTokenRepository implements IssuedSecretLifecycle.Store<ApiToken> {

	private static final String COLUMNS = IssuedSecret.COLUMNS + ", role";

	private final JdbcClient jdbc;

	private final IssuedSecretTable table;

	ApiTokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.table = new IssuedSecretTable(jdbc, "api_token");
	}

	void insert(ApiToken token) {
		this.jdbc.sql("INSERT INTO api_token (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(concat(token.secret().values(), token.role().name()))
			.update();
	}

	@Override
	public Optional<ApiToken> findById(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE id = ?")
			.param(id)
			.query(ApiTokenRepository::map)
			.optional();
	}

	Optional<ApiToken> findByHash(byte[] hash) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE secret_hash = ?")
			.param(hash)
			.query(ApiTokenRepository::map)
			.optional();
	}

	@Override
	public List<ApiToken> page(@Nullable UUID after, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM api_token WHERE (CAST(? AS uuid) IS NULL OR id > ?) ORDER BY id LIMIT ?")
			.params(after, after, limit)
			.query(ApiTokenRepository::map)
			.list();
	}

	@Override
	public boolean revoke(UUID id, Instant now) {
		return this.table.revoke(id, now);
	}

	void touch(UUID id, Instant now) {
		this.table.touch(id, now);
	}

	private static Object[] concat(Object[] values, Object last) {
		Object[] all = java.util.Arrays.copyOf(values, values.length + 1);
		all[values.length] = last;
		return all;
	}

	private static ApiToken map(ResultSet rs, int row) throws SQLException {
		return new ApiToken(IssuedSecret.map(rs), Role.valueOf(rs.getString("role")));
	}

}
