package dev.kfleet.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What API tokens and enrollment secrets have in common: a name, the SHA-256 of the
 * secret (never the secret), a hint, who created it, and whether it still works.
 *
 * @param id its id
 * @param name what it is for
 * @param hash SHA-256 of the secret
 * @param hint the secret's first characters
 * @param createdAt when it was created
 * @param createdBy who created it
 * @param expiresAt when it stops working, or {@code null} for never
 * @param revokedAt when it was revoked, or {@code null}
 * @param lastUsedAt when it was last used (to within a minute), or {@code null}
 */
public record IssuedSecret(UUID id, String name, byte[] hash, String hint, Instant createdAt, String createdBy,
		@Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt) {

	/** The columns every table of issued secrets has, in this order. */
	public static final String COLUMNS = "id, name, secret_hash, secret_hint, created_at, created_by, expires_at, revoked_at, last_used_at";

	public boolean isActive(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

	/** {@code active}, {@code expired} or {@code revoked}. */
	public String state(Instant now) {
		if (this.revokedAt != null) {
			return "revoked";
		}
		return isActive(now) ? "active" : "expired";
	}

	/**
	 * A new secret, valid until {@code expiresAt}; the returned value is the only time
	 * the secret itself exists outside the caller.
	 */
	public static Issued issue(String prefix, UUID id, String name, @Nullable Instant expiresAt, String createdBy,
			Instant now) {
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw ApiException.invalid("expiresAt", "must be in the future");
		}
		String secret = Secrets.generate(prefix);
		Instant expiry = (expiresAt != null) ? expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS) : null;
		return new Issued(new IssuedSecret(id, name, Secrets.hash(secret), Secrets.hint(secret), now, createdBy, expiry,
				null, null), secret);
	}

	/**
	 * Whether its last use is older than {@code resolution}, so that it is worth writing.
	 */
	public boolean lastUseOlderThan(java.time.Duration resolution, Instant now) {
		return this.lastUsedAt == null || this.lastUsedAt.plus(resolution).isBefore(now);
	}

	/**
	 * A secret just issued.
	 *
	 * @param stored what is stored
	 * @param secret the secret, to show once
	 */
	public record Issued(IssuedSecret stored, String secret) {
	}

	/** Reads the {@link #COLUMNS} of a row. */
	public static IssuedSecret map(ResultSet rs) throws SQLException {
		return new IssuedSecret(rs.getObject("id", UUID.class), rs.getString("name"), rs.getBytes("secret_hash"),
				rs.getString("secret_hint"), SqlTypes.requiredInstant(rs, "created_at"), rs.getString("created_by"),
				SqlTypes.instant(rs, "expires_at"), SqlTypes.instant(rs, "revoked_at"),
				SqlTypes.instant(rs, "last_used_at"));
	}

	/** The values of the {@link #COLUMNS}, for an insert. */
	public Object[] values() {
		return new Object[] { this.id, this.name, this.hash, this.hint, SqlTypes.timestamp(this.createdAt),
				this.createdBy, SqlTypes.timestamp(this.expiresAt), SqlTypes.timestamp(this.revokedAt),
				SqlTypes.timestamp(this.lastUsedAt) };
	}

}
