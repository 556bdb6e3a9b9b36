package dev.kfleet.audit;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kfleet.platform.ApiPrincipal;

/**
 * Who did something: the credential a request came with.
 *
 * @param kind {@code api-token}, {@code bootstrap-token}, {@code enrollment-secret},
 * {@code host-token} or {@code service}
 * @param id the credential's id (the host's id for a host token), if it has one
 * @param name the credential's name, if it has one
 * @param role the role of an API token or of the bootstrap token ({@code viewer},
 * {@code operator}, {@code admin}); {@code null} for the other kinds
 */
public record Actor(String kind, @Nullable String id, @Nullable String name, @Nullable String role) {

	/** The service itself, acting on its own. */
	public static final Actor SERVICE = new Actor("service", null, "kfleet");

	/**
	 * An actor whose role is not known here: {@link AuditLog} takes it from the caller of
	 * the current request when that caller is this actor.
	 */
	public Actor(String kind, @Nullable String id, @Nullable String name) {
		this(kind, id, name, null);
	}

	/** A caller of the operator API: an API token, or the bootstrap admin token. */
	public static Actor of(ApiPrincipal principal) {
		UUID tokenId = principal.tokenId();
		String role = principal.role().name().toLowerCase(Locale.ROOT);
		return (tokenId != null) ? new Actor("api-token", tokenId.toString(), principal.name(), role)
				: new Actor("bootstrap-token", null, principal.name(), role);
	}

	/** An agent that presented an enrollment secret. */
	public static Actor enrollmentSecret(UUID secretId, String name) {
		return new Actor("enrollment-secret", secretId.toString(), name);
	}

	/** An agent that proved itself with its host's token. */
	public static Actor hostToken(UUID hostId) {
		return new Actor("host-token", hostId.toString(), null);
	}

	/**
	 * This actor with the role of {@code principal} when it is that principal's token and
	 * has no role of its own; otherwise this actor.
	 */
	Actor withRoleOf(ApiPrincipal principal) {
		if (this.role != null) {
			return this;
		}
		Actor caller = of(principal);
		boolean same = caller.kind.equals(this.kind) && Objects.equals(caller.id, this.id)
				&& Objects.equals(caller.name, this.name);
		return same ? caller : this;
	}

	/** How the actor is named where one name is shown ({@code decidedBy}, logs). */
	public String describe() {
		return (this.name != null) ? this.name : this.kind + " " + this.id;
	}

}
