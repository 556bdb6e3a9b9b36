package dev.kfleet.platform;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling the operator API.
 *
 * @param name the token's name (shown in logs and in the audit trail)
 * @param role what the token may do
 * @param tokenId the token's id, or {@code null} for the bootstrap admin token
 */
public record ApiPrincipal(String name, Role role, @Nullable UUID tokenId) {

	@Override
	public String toString() {
		return this.name;
	}

}
