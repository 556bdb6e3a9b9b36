package dev.kfleet.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What API tokens and enrollment secrets do alike: issue, read, list a page, revoke. Each
 * module's service wraps it in its own transactions.
 *
 * @param <T> the module's stored secret
 */
public final class IssuedSecretLifecycle<T> {

	private static final Logger log = LoggerFactory.getLogger(IssuedSecretLifecycle.class);

	private final String what;

	private final Store<T> store;

	private final Function<T, IssuedSecret> secret;

	private final Clock clock;

	/**
	 * @param what what the secrets are called in messages and cursors, e.g. "API token"
	 * @param store where they are kept
	 * @param secret the common part of a stored secret
	 * @param clock the clock
	 */
	public IssuedSecretLifecycle(String what, Store<T> store, Function<T, IssuedSecret> secret, Clock clock) {
		this.what = what;
		this.store = store;
		this.secret = secret;
		this.clock = clock;
	}

	/** A new secret; the caller stores it and shows its value once. */
	public IssuedSecret.Issued issue(String prefix, String name, @Nullable Instant expiresAt, String createdBy) {
		IssuedSecret.Issued issued = IssuedSecret.issue(prefix, Ids.newId(this.clock), name, expiresAt, createdBy,
				now());
		log.info("{} {} '{}' created by {}", this.what, issued.stored().id(), name, createdBy);
		return issued;
	}

	public T get(UUID id) {
		return this.store.findById(id).orElseThrow(() -> ApiException.notFound(this.what, id));
	}

	public PageResponse<T> list(@Nullable String cursor, int limit) {
		String kind = cursorKind();
		UUID after = Cursors.decodeId(kind, cursor);
		return PageResponse.of(this.store.page(after, limit + 1), limit, kind,
				(stored) -> this.secret.apply(stored).id().toString());
	}

	/** Revokes a secret; revoking a revoked one changes nothing. */
	public Revocation<T> revoke(UUID id, String revokedBy) {
		T stored = get(id);
		boolean revoked = this.store.revoke(id, now());
		if (revoked) {
			log.info("{} {} '{}' revoked by {}", this.what, id, this.secret.apply(stored).name(), revokedBy);
		}
		return new Revocation<>(get(id), revoked);
	}

	public Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private String cursorKind() {
		return this.what.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
	}

	/**
	 * A secret after {@link #revoke}.
	 *
	 * @param <T> the module's stored secret
	 * @param secret the secret as it is now
	 * @param revoked whether this call revoked it (false when it already was)
	 */
	public record Revocation<T>(T secret, boolean revoked) {
	}

	/**
	 * The statements a module's table of secrets answers.
	 *
	 * @param <T> the module's stored secret
	 */
	public interface Store<T> {

		Optional<T> findById(UUID id);

		/** Up to {@code limit} secrets after {@code after} in id order. */
		List<T> page(@Nullable UUID after, int limit);

		/** Revokes a secret; false when it was already revoked. */
		boolean revoke(UUID id, Instant now);

	}

}
