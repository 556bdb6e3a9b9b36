package dev.kfleet.agents;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code agent_credential} table: one host token (its hash) per host.
 */
@Repository
class AgentCredentialRepository {

	private final JdbcClient jdbc;

	AgentCredentialRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The host a token belongs to. */
	Optional<UUID> hostOf(byte[] tokenHash) {
		return this.jdbc.sql("SELECT host_id FROM agent_credential WHERE token_hash = ?")
			.param(tokenHash)
			.query(UUID.class)
			.optional();
	}

	/** The hash of a host's current token, if it has one. */
	Optional<byte[]> tokenOf(UUID hostId) {
		return this.jdbc.sql("SELECT token_hash FROM agent_credential WHERE host_id = ?")
			.param(hostId)
			.query(byte[].class)
			.optional();
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
