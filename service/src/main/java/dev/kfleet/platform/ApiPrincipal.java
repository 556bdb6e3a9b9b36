package dev.kfleet.platform;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling the operator API.
 *
 * @param name the token's name (shown in logs and in the audit trail)
 * @param role what the token may do
 * @param tokenId the token's id, or {@code null} for the bootstrap admin token
 */
public record ApiPrincipal(String name, Role role, @Nullable UUID tokenId) {

	/**
	 * The caller of the operator API this thread serves, or {@code null} when it serves
	 * none (an agent, a job, a listener).
	 */
	public static @Nullable ApiPrincipal current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ApiPrincipal principal) ? principal
				: null;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
