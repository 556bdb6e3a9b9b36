package dev.kfleet.tokens;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kfleet.platform.Role;

/**
 * An API token, as stored: its hash, never the token itself.
 *
 * @param id the token's id
 * @param name what it is for (unique among active tokens is not required)
 * @param role what it may do
 * @param hash SHA-256 of the token
 * @param hint the token's first characters
 * @param createdAt when it was created
 * @param createdBy the name of the token that created it
 * @param expiresAt when it stops working, or {@code null} for never
 * @param revokedAt when it was revoked, or {@code null}
 * @param lastUsedAt when it was last used (to the minute), or {@code null}
 */
record ApiToken(UUID id, String name, Role role, byte[] hash, String hint, Instant createdAt, String createdBy,
		@Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt) {

	boolean isActive(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

	String state(Instant now) {
		if (this.revokedAt != null) {
			return "revoked";
		}
		return isActive(now) ? "active" : "expired";
	}

}
