package dev.kfleet.agents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code agent_credential} table: one host token (its hash) per host, with the
 * enrollment secret it was issued with.
 */
@Repository
class AgentCredentialRepository {

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	AgentCredentialRepository(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	/** The host a token belongs to. */
	Optional<UUID> hostOf(byte[] tokenHash) {
		return this.jdbc.sql("SELECT host_id FROM agent_credential WHERE token_hash = ?")
			.param(tokenHash)
			.query(UUID.class)
			.optional();
	}

	/**
	 * Of these token hashes (lowercase hex), those that still belong to a host, with
	 * their host; in one statement.
	 */
	Map<String, UUID> hostsOf(List<String> tokenHashes) {
		Map<String, UUID> hosts = new HashMap<>();
		if (tokenHashes.isEmpty()) {
			return hosts;
		}
		return this.template.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement("""
					SELECT encode(token_hash, 'hex'), host_id FROM agent_credential
					WHERE token_hash IN (SELECT decode(h, 'hex') FROM unnest(?::text[]) AS u(h))""")) {
				statement.setArray(1, connection.createArrayOf("text", tokenHashes.toArray(String[]::new)));
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						hosts.put(rs.getString(1), rs.getObject(2, UUID.class));
					}
				}
				return hosts;
			}
		});
	}

	/** The hash of a host's current token, if it has one. */
	Optional<byte[]> tokenOf(UUID hostId) {
		return this.jdbc.sql("SELECT token_hash FROM agent_credential WHERE host_id = ?")
			.param(hostId)
			.query(byte[].class)
			.optional();
	}

	/** Takes a host's token away; false if it had none. */
	boolean delete(UUID hostId) {
		return this.jdbc.sql("DELETE FROM agent_credential WHERE host_id = ?").param(hostId).update() > 0;
	}

	/**
	 * Takes away every token issued with an enrollment secret; returns their hashes.
	 */
	List<byte[]> deleteIssuedWith(UUID enrollmentSecretId) {
		return this.jdbc.sql("DELETE FROM agent_credential WHERE enrollment_secret_id = ? RETURNING token_hash")
			.param(enrollmentSecretId)
			.query(byte[].class)
			.list();
	}

	/** Gives a host a new token; its previous one stops working. */
	void replace(UUID hostId, byte[] tokenHash, UUID enrollmentSecretId, Instant now) {
		this.jdbc.sql("""
				INSERT INTO agent_credential (host_id, token_hash, issued_at, enrollment_secret_id) VALUES (?, ?, ?, ?)
				ON CONFLICT (host_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, issued_at = EXCLUDED.issued_at,
				    enrollment_secret_id = EXCLUDED.enrollment_secret_id""")
			.params(hostId, tokenHash, timestamp(now), enrollmentSecretId)
			.update();
	}

}
