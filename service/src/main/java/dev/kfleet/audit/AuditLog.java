package dev.kfleet.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records what was done, by whom, to what. An event is written in the caller's
 * transaction (there must be one), so that it exists exactly when the change it records
 * was committed. Details never hold a secret or a token: callers pass names, ids, counts
 * and states.
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
	 * Records one event.
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
		requireAction(action);
		this.events.insert(this.clock.instant().truncatedTo(ChronoUnit.MICROS), actor, action, targetType,
				(targetId != null) ? targetId.toString() : null, details);
	}

	/**
	 * Records one event per target, all with the same actor and action, in one statement
	 * (a write to thousands of hosts at once).
	 * @param detailsByTarget each target's id and details; nothing is recorded when empty
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordAll(Actor actor, String action, String targetType,
			Map<?, ? extends Map<String, ? extends @Nullable Object>> detailsByTarget) {
		requireAction(action);
		if (!detailsByTarget.isEmpty()) {
			this.events.insertAll(this.clock.instant().truncatedTo(ChronoUnit.MICROS), actor, action, targetType,
					detailsByTarget);
		}
	}

	private static void requireAction(String action) {
		if (!ACTION.matcher(action).matches()) {
			throw new IllegalArgumentException("Not an audit action: " + action);
		}
	}

}
