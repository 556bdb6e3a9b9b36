package dev.kfleet.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.AuditReason;

/**
 * Records what was done, by whom, to what, how it ended and why. An event is written in
 * the caller's transaction (there must be one), so that it exists exactly when the change
 * it records was committed; refused operator operations are recorded apart
 * ({@link AuditedRefusals}, ADR 0040). Details never hold a secret or a token: callers
 * pass names, ids, counts and states.
 * <p>
 * Without a reason of its own, an event takes the one the current operator request gave
 * ({@value AuditReason#HEADER}); an actor without a role takes the role of the request's
 * API token when it is that token.
 */
@Service
public class AuditLog {

	private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

	private final AuditEventRepository events;

	private final Clock clock;

	AuditLog(AuditEventRepository events, Clock clock) {
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Records one event of an action that was done, with the reason of the current
	 * request.
	 * @param actor who did it
	 * @param action what was done: {@code <target type>.<past participle>}, e.g.
	 * {@code host.decommissioned}
	 * @param targetType what kind of thing it was done to
	 * @param targetId which one ({@code null} when there is none)
	 * @param details what else matters about it; never a secret
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(Actor actor, String action, String targetType, @Nullable Object targetId,
			Map<String, ? extends @Nullable Object> details) {
		record(actor, action, targetType, targetId, details, null);
	}

	/**
	 * Records one event of an action that was done, with a reason the caller was given
	 * (in a request body, say).
	 * @param reason the reason; {@code null} or blank for the current request's
	 * @throws ApiException (400, naming {@code reason}) when the reason is too long or
	 * holds a control character
	 * @see #record(Actor, String, String, Object, Map)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(Actor actor, String action, String targetType, @Nullable Object targetId,
			Map<String, ? extends @Nullable Object> details, @Nullable String reason) {
		this.events.insert(written(actor, action, targetType, AuditEvent.SUCCEEDED, reason),
				(targetId != null) ? targetId.toString() : null, details);
	}

	/**
	 * Records one event of an action that was refused, in the caller's transaction: a
	 * refusal that is itself what the transaction commits (an agent's enrollment refused
	 * and recorded as a request). Operator operations refused with 403, 409 or 412 are
	 * recorded without this ({@link dev.kfleet.platform.AuditedOperation}).
	 * @see #record(Actor, String, String, Object, Map)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordRefused(Actor actor, String action, String targetType, @Nullable Object targetId,
			Map<String, ? extends @Nullable Object> details) {
		this.events.insert(written(actor, action, targetType, AuditEvent.REFUSED, null),
				(targetId != null) ? targetId.toString() : null, details);
	}

	/**
	 * Records one event per target, all with the same actor, action and reason (the
	 * current request's), in one statement (a write to thousands of hosts at once).
	 * @param detailsByTarget each target's id and details; nothing is recorded when empty
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordAll(Actor actor, String action, String targetType,
			Map<?, ? extends Map<String, ? extends @Nullable Object>> detailsByTarget) {
		recordAll(actor, action, targetType, detailsByTarget, null);
	}

	/**
	 * Records one event per target with a reason the caller was given.
	 * @param reason the reason; {@code null} or blank for the current request's
	 * @see #recordAll(Actor, String, String, Map)
	 * @see #record(Actor, String, String, Object, Map, String)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordAll(Actor actor, String action, String targetType,
			Map<?, ? extends Map<String, ? extends @Nullable Object>> detailsByTarget, @Nullable String reason) {
		AuditEventRepository.Written written = written(actor, action, targetType, AuditEvent.SUCCEEDED, reason);
		if (!detailsByTarget.isEmpty()) {
			this.events.insertAll(written, detailsByTarget);
		}
	}

	private AuditEventRepository.Written written(Actor actor, String action, String targetType, String outcome,
			@Nullable String reason) {
		if (!ACTION.matcher(action).matches()) {
			throw new IllegalArgumentException("Not an audit action: " + action);
		}
		ApiPrincipal caller = ApiPrincipal.current();
		return new AuditEventRepository.Written(this.clock.instant().truncatedTo(ChronoUnit.MICROS),
				(caller != null) ? actor.withRoleOf(caller) : actor, action, targetType, outcome, reason(reason));
	}

	private static @Nullable String reason(@Nullable String given) {
		if (given == null || given.isBlank()) {
			return AuditReason.current();
		}
		String problem = AuditReason.problem(given);
		if (problem != null) {
			throw ApiException.invalid("reason", problem);
		}
		return given.strip();
	}

}
