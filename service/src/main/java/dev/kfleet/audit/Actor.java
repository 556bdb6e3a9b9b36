package dev.kfleet.audit;

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
 */
public record Actor(String kind, @Nullable String id, @Nullable String name) {

	/** The service itself, acting on its own. */
	public static final Actor SERVICE = new Actor("service", null, "kfleet");

	/** A caller of the operator API: an API token, or the bootstrap admin token. */
	public static Actor of(ApiPrincipal principal) {
		UUID tokenId = principal.tokenId();
		return (tokenId != null) ? new Actor("api-token", tokenId.toString(), principal.name())
				: new Actor("bootstrap-token", null, principal.name());
	}

	/** An agent that presented an enrollment secret. */
	public static Actor enrollmentSecret(UUID secretId, String name) {
		return new Actor("enrollment-secret", secretId.toString(), name);
	}

	/** An agent that proved itself with its host's token. */
	public static Actor hostToken(UUID hostId) {
		return new Actor("host-token", hostId.toString(), null);
	}

	/** How the actor is named where one name is shown ({@code decidedBy}, logs). */
	public String describe() {
		return (this.name != null) ? this.name : this.kind + " " + this.id;
	}

}
