package dev.kfleet.desiredstate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kfleet.audit.Actor;
import dev.kfleet.platform.ApiPrincipal;

/**
 * Who owns a desired state version: the operator's API token (or the bootstrap admin
 * token) that set it, or the rollout that set it. While the version is in flight only its
 * owner replaces it without force (ADR 0030).
 *
 * @param kind what sort of owner
 * @param id the token's or the rollout's id; {@code null} for the bootstrap token, and
 * for versions set before owners were recorded (known by name only)
 * @param name the token's or the rollout's name
 */
public record DesiredStateOwner(Kind kind, @Nullable UUID id, String name) {

	public DesiredStateOwner {
		Objects.requireNonNull(kind, "kind");
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("An owner needs a name");
		}
	}

	/** The caller of the operator API: its API token, or the bootstrap admin token. */
	public static DesiredStateOwner of(ApiPrincipal caller) {
		UUID tokenId = caller.tokenId();
		return (tokenId != null) ? new DesiredStateOwner(Kind.API_TOKEN, tokenId, caller.name())
				: new DesiredStateOwner(Kind.BOOTSTRAP_TOKEN, null, caller.name());
	}

	/** A rollout, by its id and name. */
	public static DesiredStateOwner rollout(UUID rolloutId, String name) {
		return new DesiredStateOwner(Kind.ROLLOUT, Objects.requireNonNull(rolloutId, "rolloutId"), name);
	}

	/**
	 * Whether both are the same owner: the same kind and id, or, without an id, the same
	 * kind and name (the bootstrap token). An API token known by name only (set before
	 * owners were recorded) is nobody who calls today.
	 */
	public boolean isSameAs(DesiredStateOwner other) {
		if (this.kind != other.kind || !Objects.equals(this.id, other.id)) {
			return false;
		}
		return this.id != null || (this.kind == Kind.BOOTSTRAP_TOKEN && this.name.equals(other.name));
	}

	/** Who the audit log names for a write of this owner: the token, or the service. */
	Actor actor() {
		return switch (this.kind) {
			case API_TOKEN, BOOTSTRAP_TOKEN ->
				new Actor(this.kind.value(), (this.id != null) ? this.id.toString() : null, this.name);
			case ROLLOUT -> Actor.SERVICE;
		};
	}

	/** The owner as it is shown: {@code kind}, {@code id}, {@code name}. */
	Map<String, @Nullable Object> describe() {
		Map<String, @Nullable Object> described = new LinkedHashMap<>();
		described.put("kind", this.kind.value());
		described.put("id", (this.id != null) ? this.id.toString() : null);
		described.put("name", this.name);
		return described;
	}

	@Override
	public String toString() {
		return this.kind.value() + " '" + this.name + "'" + ((this.id != null) ? " (" + this.id + ")" : "");
	}

	/** The sorts of owner, with the names the API and the database use. */
	public enum Kind {

		/** An operator's API token. */
		API_TOKEN("api-token"),

		/** The bootstrap admin token from configuration. */
		BOOTSTRAP_TOKEN("bootstrap-token"),

		/** A rollout. */
		ROLLOUT("rollout");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		/** The name in the API and the database. */
		public String value() {
			return this.value;
		}

		static Kind of(String value) {
			return Arrays.stream(values())
				.filter((kind) -> kind.value.equals(value))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Not an owner kind: " + value));
		}

	}

}
