package dev.kfleet.platform;

import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The statements every table of issued secrets shares.
 */
public final class IssuedSecretTable {

	private final JdbcClient jdbc;

	private final String table;

	public IssuedSecretTable(JdbcClient jdbc, String table) {
		this.jdbc = jdbc;
		this.table = table;
	}

	/** Revokes a secret; false when it was already revoked. */
	public boolean revoke(UUID id, Instant now) {
		return this.jdbc.sql("UPDATE " + this.table + " SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
			.params(SqlTypes.timestamp(now), id)
			.update() == 1;
	}

	/** Notes that a secret was used. */
	public void touch(UUID id, Instant now) {
		this.jdbc.sql("UPDATE " + this.table + " SET last_used_at = ? WHERE id = ?")
			.params(SqlTypes.timestamp(now), id)
			.update();
	}

}
