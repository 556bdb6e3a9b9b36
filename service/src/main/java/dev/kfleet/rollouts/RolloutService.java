package dev.kfleet.rollouts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.audit.Actor;
import dev.kfleet.audit.AuditLog;
import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.observations.ObservationService;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.Ids;
import dev.kfleet.rollouts.RolloutState.Phase;

/**
 * Creates rollouts (or plans them, in a dry run) and applies operators' operations to
 * them, each a guarded transition taken under the rollout's row lock: an operation its
 * state does not allow is refused (409) and changes nothing.
 */
@Service
class RolloutService {

	private static final int MAX_CONFLICTS_SHOWN = 100;

	private final RolloutRepository rollouts;

	private final RolloutHostRepository hosts;

	private final TargetHostRepository targets;

	private final ObservationService observations;

	private final RolloutTransitions transitions;

	private final AuditLog audit;

	private final Clock clock;

	RolloutService(RolloutRepository rollouts, RolloutHostRepository hosts, TargetHostRepository targets,
			ObservationService observations, RolloutTransitions transitions, AuditLog audit, Clock clock) {
		this.rollouts = rollouts;
		this.hosts = hosts;
		this.targets = targets;
		this.observations = observations;
		this.transitions = transitions;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * What a rollout of this spec would take, and its waves, changing nothing. With no
	 * eligible host there is no wave and no problem: created, the rollout would be
	 * completed at once, as {@link #create} does.
	 */
	@Transactional(readOnly = true)
	DryRun dryRun(RolloutSpec spec) {
		Eligibility eligibility = assess(spec);
		if (eligibility.eligible().isEmpty()) {
			return new DryRun(eligibility, null, null);
		}
		WavePlan plan = null;
		String planProblem = null;
		try {
			plan = WavePlan.of(eligibility.eligible(), spec.waves(), spec.name());
		}
		catch (WavePlan.InvalidWavesException ex) {
			planProblem = ex.getMessage();
		}
		return new DryRun(eligibility, plan, planProblem);
	}

	/**
	 * Creates a rollout, pending until the reconciler starts it: its eligible hosts
	 * planned in waves, the others skipped with their reasons.
	 * @throws ApiException 409 when another active rollout of the feature holds some of
	 * its hosts; 400 when the waves cannot be planned
	 */
	@Transactional
	Rollout create(RolloutSpec spec, ApiPrincipal caller) {
		Instant now = now();
		UUID id = Ids.newId(this.clock);
		Eligibility eligibility = assess(spec);
		if (!eligibility.conflicts().isEmpty()) {
			throw overlap(eligibility.conflicts());
		}
		Rollout rollout;
		WavePlan plan = null;
		if (eligibility.eligible().isEmpty()) {
			// Nothing to change (every host already in the target state, say): done,
			// as an idempotent "make it so" from automation expects.
			rollout = new Rollout(id, spec, RolloutState.COMPLETED, null, 0, 0, now, null, 0,
					"no host was eligible (" + byReason(eligibility) + "); nothing to do", now, creator(caller), now,
					now);
		}
		else {
			try {
				plan = WavePlan.of(eligibility.eligible(), spec.waves(), spec.name());
			}
			catch (WavePlan.InvalidWavesException ex) {
				throw ApiException.invalid("waves", ex.getMessage());
			}
			rollout = new Rollout(id, spec, RolloutState.PENDING, null, 1, plan.waves().size(), now, null, 0,
					"created with " + eligibility.eligible().size() + " eligible hosts in " + plan.waves().size()
							+ " waves; the reconciler starts it",
					now, creator(caller), now, null);
		}
		this.rollouts.insert(rollout);
		if (plan != null && this.hosts.insertPlanned(id, spec.feature(), plan) < eligibility.eligible().size()) {
			// Another rollout took some of the hosts since they were assessed; this
			// transaction rolls back.
			Map<UUID, RolloutHostRepository.Holder> others = new LinkedHashMap<>(
					this.hosts.holders(spec.feature(), eligibility.eligible()));
			others.values().removeIf((holder) -> holder.rolloutId().equals(id));
			throw overlap(others);
		}
		Map<UUID, String> skipped = new LinkedHashMap<>();
		eligibility.ineligible().forEach((host, why) -> skipped.put(host, why.reason() + ": " + why.detail()));
		this.hosts.insertSkipped(id, spec.feature(), skipped, now);
		Map<String, @Nullable Object> details = new LinkedHashMap<>(spec.describe());
		details.put("eligible", eligibility.eligible().size());
		details.put("skipped", skipped.size());
		this.audit.record(Actor.of(caller), "rollout.created", "rollout", id, details);
		this.transitions.counted(rollout);
		return rollout;
	}

	/**
	 * Applies an operator's operation.
	 * @throws ApiException 404 for no such rollout; 409 when its state does not allow it
	 */
	@Transactional
	Rollout operate(UUID id, Operation operation, @Nullable String reason, ApiPrincipal caller) {
		Rollout rollout = this.rollouts.lock(id).orElseThrow(() -> ApiException.notFound("rollout", id));
		String why = operation.value() + " by " + caller.name() + ((reason != null) ? ": " + reason : "");
		Instant now = now();
		Rollout after = switch (operation) {
			case PAUSE -> require(rollout, operation, RolloutState.PENDING, RolloutState.RUNNING)
				.moved(RolloutState.PAUSED, rollout.phase(), "paused " + why, now);
			case RESUME -> resume(require(rollout, operation, RolloutState.PAUSED), why, now);
			case PROMOTE -> promote(rollout, why, now);
			case ABORT -> this.transitions.end(require(rollout, operation, RolloutState.PENDING, RolloutState.RUNNING,
					RolloutState.PAUSED, RolloutState.ROLLING_BACK), RolloutState.ABORTED, "aborted " + why, now);
			case ROLLBACK -> rollBack(rollout, why, now);
		};
		this.rollouts.update(after);
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("from", rollout.state().value());
		details.put("to", after.state().value());
		this.audit.record(Actor.of(caller), "rollout." + operation.audited(), "rollout", id, details, reason);
		this.transitions.counted(after);
		return after;
	}

	private Rollout resume(Rollout paused, String why, Instant now) {
		int failed = Progress.of(this.hosts.counts(paused.id())).failed();
		if (paused.phase() == null) {
			return paused.moved(RolloutState.PENDING, null, "resumed " + why, now).accepting(failed);
		}
		return paused.moved(RolloutState.RUNNING, paused.phase(), "resumed " + why, now).accepting(failed);
	}

	private Rollout promote(Rollout rollout, String why, Instant now) {
		if (rollout.state() != RolloutState.RUNNING
				|| (rollout.phase() != Phase.BAKING && rollout.phase() != Phase.AWAITING_APPROVAL)) {
			throw refused(rollout, Operation.PROMOTE, "it is baking or awaiting approval");
		}
		return rollout.nextWave("wave " + (rollout.wave() + 1) + " started: promoted " + why, now);
	}

	private Rollout rollBack(Rollout rollout, String why, Instant now) {
		if (rollout.state() == RolloutState.ROLLING_BACK || rollout.state() == RolloutState.ROLLED_BACK) {
			throw refused(rollout, Operation.ROLLBACK, "it is not rolling back or rolled back already");
		}
		if (!rollout.spec().feature().revertible()) {
			throw new ApiException(ApiProblem.ROLLOUT_TRANSITION, "rollout " + rollout.id()
					+ " changes vduse, which does not roll back: the agent loads the modules and never unloads them");
		}
		try {
			return this.transitions.rollBack(rollout, "rolling back " + why, now);
		}
		catch (DuplicateKeyException ex) {
			throw new ApiException(ApiProblem.ROLLOUT_TRANSITION, "rollout " + rollout.id()
					+ " cannot roll back: another active rollout of the feature holds some of its hosts now");
		}
	}

	private static Rollout require(Rollout rollout, Operation operation, RolloutState... allowed) {
		for (RolloutState state : allowed) {
			if (rollout.state() == state) {
				return rollout;
			}
		}
		throw refused(rollout, operation,
				"it is " + String.join(" or ", java.util.Arrays.stream(allowed).map(RolloutState::value).toList()));
	}

	private static ApiException refused(Rollout rollout, Operation operation, String needs) {
		return new ApiException(ApiProblem.ROLLOUT_TRANSITION,
				"rollout " + rollout.id() + " is " + rollout.state().value()
						+ ((rollout.phase() != null && rollout.state() == RolloutState.RUNNING)
								? " (" + rollout.phase().value() + ")" : "")
						+ "; " + operation.value() + " needs " + needs,
				Map.of("state", rollout.state().value()));
	}

	private Eligibility assess(RolloutSpec spec) {
		boolean bySelector = spec.selector() != null;
		LabelSelector selector = bySelector ? LabelSelector.parse(spec.selector()) : LabelSelector.EVERYTHING;
		List<TargetHost> targeted = this.targets.find(spec.feature(), selector, bySelector, spec.hostIds());
		Map<UUID, RolloutHostRepository.Holder> holders = this.hosts.holders(spec.feature(),
				targeted.stream().map(TargetHost::id).toList());
		return Eligibility.assess(spec.feature(), spec.target(), targeted, holders, this.observations.staleBefore());
	}

	private static String byReason(Eligibility eligibility) {
		Map<String, Integer> counts = new java.util.TreeMap<>();
		eligibility.ineligible().values().forEach((why) -> counts.merge(why.reason(), 1, Integer::sum));
		return counts.isEmpty() ? "no host targeted" : counts.toString();
	}

	private static ApiException overlap(Map<UUID, RolloutHostRepository.Holder> conflicts) {
		List<Map<String, Object>> shown = conflicts.entrySet()
			.stream()
			.limit(MAX_CONFLICTS_SHOWN)
			.map((entry) -> Map.<String, Object>of("hostId", entry.getKey(), "rolloutId", entry.getValue().rolloutId(),
					"rolloutName", entry.getValue().name()))
			.toList();
		return new ApiException(ApiProblem.ROLLOUT_OVERLAP,
				conflicts.size() + " of the hosts are held by another active rollout of the feature; nothing was "
						+ "created (the first " + shown.size() + " are listed under conflicts)",
				Map.of("conflicts", shown));
	}

	private static Map<String, @Nullable Object> creator(ApiPrincipal caller) {
		Actor actor = Actor.of(caller);
		Map<String, @Nullable Object> creator = new LinkedHashMap<>();
		creator.put("kind", actor.kind());
		creator.put("id", actor.id());
		creator.put("name", actor.name());
		return creator;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * What a dry run found.
	 *
	 * @param eligibility the eligible hosts and the others with their reasons
	 * @param plan the waves, or {@code null} when they cannot be planned
	 * @param planProblem why they cannot, or {@code null}
	 */
	record DryRun(Eligibility eligibility, @Nullable WavePlan plan, @Nullable String planProblem) {
	}

	/** What an operator may do to a rollout. */
	enum Operation {

		PAUSE("pause", "paused"), RESUME("resume", "resumed"), PROMOTE("promote", "promoted"),
		ABORT("abort", "aborted"), ROLLBACK("rollback", "rollback-started");

		private final String value;

		private final String audited;

		Operation(String value, String audited) {
			this.value = value;
			this.audited = audited;
		}

		String value() {
			return this.value;
		}

		String audited() {
			return this.audited;
		}

		static Operation of(String value) {
			for (Operation operation : values()) {
				if (operation.value.equals(value)) {
					return operation;
				}
			}
			throw ApiException.invalid("operation", "must be pause, resume, promote, abort or rollback");
		}

	}

}
