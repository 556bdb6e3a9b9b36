package dev.kfleet.rollouts;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.desiredstate.ActionRequest;
import dev.kfleet.desiredstate.DesiredStateOwner;
import dev.kfleet.desiredstate.DesiredStateService;
import dev.kfleet.desiredstate.SetOutcome;
import dev.kfleet.rollouts.HostVerdicts.Verdict;
import dev.kfleet.rollouts.RolloutHostRepository.Judged;
import dev.kfleet.rollouts.RolloutState.Phase;

/**
 * Moves every active rollout on, a step at a time, each step one transaction under the
 * rollout's row lock: judges the hosts asked, halts on an exceeded failure budget, asks
 * the next hosts of the wave up to the concurrency limit, and moves to baking, approval,
 * the next wave or completion. Everything it decides from is in the database, so any
 * replica takes up where another stopped, and a step that did not commit left nothing
 * behind: a host is asked exactly when the step that marks it asked commits (ADR 0035).
 */
@Component
class RolloutReconciler {

	/**
	 * The most steps one run takes for one rollout, so that one rollout cannot starve the
	 * others.
	 */
	private static final int MAX_STEPS_PER_RUN = 64;

	/** The JVM's threads, for the CPU time of a run (-1 where it is not supported). */
	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final RolloutRepository rollouts;

	private final RolloutHostRepository hosts;

	private final RolloutTransitions transitions;

	private final DesiredStateService desiredStates;

	private final TransactionTemplate transaction;

	private final RolloutsProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	RolloutReconciler(RolloutRepository rollouts, RolloutHostRepository hosts, RolloutTransitions transitions,
			DesiredStateService desiredStates, TransactionTemplate transaction, RolloutsProperties properties,
			MeterRegistry meters, Clock clock) {
		this.rollouts = rollouts;
		this.hosts = hosts;
		this.transitions = transitions;
		this.desiredStates = desiredStates;
		this.transaction = transaction;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Reconciles every active rollout, counting the run's wall time and the CPU time its
	 * thread spent (the service's share of a rollout's cost; the check-ins that deliver
	 * and answer the actions are counted with the check-ins).
	 */
	void reconcileAll() {
		long cpuBefore = THREADS.getCurrentThreadCpuTime();
		Timer.builder("kfleet.rollouts.reconcile")
			.description("Time one run of the rollout reconciler takes, over every active rollout")
			.register(this.meters)
			.record(this::reconcileEach);
		long cpuAfter = THREADS.getCurrentThreadCpuTime();
		if (cpuBefore >= 0 && cpuAfter >= cpuBefore) {
			Counter.builder("kfleet.rollouts.reconcile.cpu")
				.description("CPU time the rollout reconciler's runs spent in the service (its thread only)")
				.baseUnit("seconds")
				.register(this.meters)
				.increment((cpuAfter - cpuBefore) / 1e9);
		}
	}

	private void reconcileEach() {
		for (UUID id : this.rollouts.active()) {
			for (int step = 0; step < MAX_STEPS_PER_RUN; step++) {
				boolean first = step == 0;
				Boolean more = this.transaction.execute((status) -> step(id, first));
				if (!Boolean.TRUE.equals(more)) {
					break;
				}
			}
		}
	}

	/**
	 * One step of one rollout; whether another step may do more now. The hosts asked are
	 * judged in a run's first step only: the later ones ask more hosts, whose answers
	 * cannot have come yet.
	 */
	boolean step(UUID id, boolean judging) {
		Rollout rollout = this.rollouts.lock(id).filter((r) -> r.state().isActive()).orElse(null);
		if (rollout == null) {
			return false;
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		if (rollout.state() == RolloutState.PENDING) {
			return moved(rollout.moved(RolloutState.RUNNING, Phase.APPLYING,
					"wave 1 of " + rollout.waveCount() + " started", now));
		}
		if (judging) {
			this.hosts.skipDecommissioned(id, now);
			judge(rollout, now);
		}
		if (rollout.state() == RolloutState.ROLLING_BACK) {
			return rollBack(rollout, now);
		}
		Progress progress = Progress.of(this.hosts.counts(id));
		if (rollout.state() == RolloutState.RUNNING) {
			Rollout halted = halt(rollout, progress, now);
			if (halted != null) {
				return moved(halted);
			}
		}
		if (rollout.state() != RolloutState.RUNNING) {
			return false;
		}
		return switch (rollout.phase()) {
			case APPLYING -> apply(rollout, progress, now);
			case BAKING -> !now.isBefore(rollout.bakeUntil()) && moved(promoted(rollout, "baked", now));
			case AWAITING_APPROVAL -> false;
			case null -> false;
		};
	}

	private void judge(Rollout rollout, Instant now) {
		List<Judged> judged = new ArrayList<>();
		for (AskedHost host : this.hosts.awaiting(rollout.id(), now)) {
			HostVerdicts.judge(host, rollout.spec().feature(), rollout.spec().target(), now)
				.ifPresent((verdict) -> judged.add(new Judged(host.hostId(), host.state(), verdict)));
		}
		this.hosts.judged(rollout.id(), judged, now);
		judged.forEach((j) -> Counter.builder("kfleet.rollouts.host-verdicts")
			.description("Verdicts on the hosts rollouts asked, by feature and the host's new state")
			.tag("feature", rollout.spec().feature().value())
			.tag("state", j.verdict().state().value())
			.register(this.meters)
			.increment());
	}

	/** The rollout halted by an exceeded failure budget, or {@code null}. */
	private Rollout halt(Rollout rollout, Progress progress, Instant now) {
		int overallFailed = progress.failed();
		if (overallFailed <= rollout.acceptedFailures()) {
			return null;
		}
		RolloutSpec spec = rollout.spec();
		int waveFailed = progress.failed(rollout.wave());
		String budget;
		String why;
		if (spec.perWave().exceededBy(waveFailed, progress.planned(rollout.wave()))) {
			budget = "per-wave";
			why = waveFailed + " of the " + progress.planned(rollout.wave()) + " hosts of wave " + rollout.wave()
					+ " failed, over the per-wave failure budget of " + spec.perWave();
		}
		else if (spec.overall().exceededBy(overallFailed, progress.planned())) {
			budget = "overall";
			why = overallFailed + " of the " + progress.planned() + " hosts failed, over the overall failure budget of "
					+ spec.overall();
		}
		else {
			return null;
		}
		this.transitions.halted(rollout, budget);
		return switch (spec.haltAction()) {
			case PAUSE -> rollout.moved(RolloutState.PAUSED, rollout.phase(), "halted: " + why, now);
			case ROLLBACK -> spec.feature().revertible()
					? this.transitions.rollBack(rollout, "halted, rolling back: " + why, now) : rollout
						.moved(RolloutState.PAUSED, rollout.phase(), "halted (vduse does not roll back): " + why, now);
		};
	}

	private boolean apply(Rollout rollout, Progress progress, Instant now) {
		RolloutSpec spec = rollout.spec();
		int failedUnasked = this.hosts.failUnasked(rollout.id(), rollout.wave(),
				rollout.phaseSince().plus(spec.hostDeadline()), now);
		int slots = this.properties.askBatch();
		if (spec.maxConcurrency() != null) {
			slots = Math.min(slots, spec.maxConcurrency() - progress.applying());
		}
		List<UUID> pending = (slots > 0) ? this.hosts.pending(rollout.id(), rollout.wave(), slots) : List.of();
		if (ask(rollout, pending, now) > 0) {
			return true;
		}
		// Nothing was asked: the counts changed only if hosts failed unasked or pending
		// ones were skipped as gone (a count reads every host of the rollout).
		boolean changed = failedUnasked > 0 || !pending.isEmpty();
		Progress after = changed ? Progress.of(this.hosts.counts(rollout.id())) : progress;
		if (after.unfinished(rollout.wave()) > 0) {
			return false;
		}
		String done = "wave " + rollout.wave() + " of " + rollout.waveCount() + " done ("
				+ after.succeeded(rollout.wave()) + " succeeded, " + after.failed(rollout.wave()) + " failed, "
				+ after.skipped(rollout.wave()) + " skipped)";
		if (rollout.isLastWave()) {
			return moved(this.transitions.end(rollout, RolloutState.COMPLETED, "every wave done: " + after.succeeded()
					+ " hosts succeeded, " + after.failed() + " failed; last " + done, now));
		}
		if (spec.bakeTime().isPositive()) {
			Instant until = now.plus(spec.bakeTime());
			return moved(rollout.baking(until, done + "; baking until " + until, now));
		}
		return moved(promoted(rollout, done, now));
	}

	/**
	 * The rollout after a wave is done and baked: awaiting approval, or in its next wave.
	 */
	private static Rollout promoted(Rollout rollout, String done, Instant now) {
		if (rollout.spec().manualPromotion()) {
			return rollout.moved(RolloutState.RUNNING, Phase.AWAITING_APPROVAL,
					done + "; awaiting an operator's promote for wave " + (rollout.wave() + 1), now);
		}
		return rollout.nextWave("wave " + (rollout.wave() + 1) + " of " + rollout.waveCount() + " started: " + done,
				now);
	}

	/**
	 * Asks these hosts, as the rollout's owner of their desired state; how many were
	 * asked.
	 */
	private int ask(Rollout rollout, List<UUID> pending, Instant now) {
		if (pending.isEmpty()) {
			return 0;
		}
		RolloutSpec spec = rollout.spec();
		List<ActionRequest> actions = spec.feature().actions(spec.target());
		Map<UUID, List<ActionRequest>> wanted = new LinkedHashMap<>();
		pending.forEach((host) -> wanted.put(host, actions));
		Map<UUID, Long> versions = written(rollout, wanted, now);
		this.hosts.asked(rollout.id(), versions, actions.size(), now, now.plus(spec.hostDeadline()),
				spec.target().rebuildFreePages());
		return versions.size();
	}

	private boolean rollBack(Rollout rollout, Instant now) {
		RolloutSpec spec = rollout.spec();
		this.hosts.failUnaskedBack(rollout.id(), rollout.phaseSince().plus(spec.hostDeadline()), now);
		Map<UUID, Previous> toAsk = this.hosts.toRollBack(rollout.id(), this.properties.askBatch());
		if (!toAsk.isEmpty()) {
			Map<UUID, List<ActionRequest>> wanted = new LinkedHashMap<>();
			toAsk.forEach((host, previous) -> wanted.put(host, spec.feature().revert(previous, spec.target())));
			Map<UUID, Long> versions = written(rollout, wanted, now);
			this.hosts.askedBack(rollout.id(), versions, 1, now, now.plus(spec.hostDeadline()));
			return !versions.isEmpty();
		}
		Progress progress = Progress.of(this.hosts.counts(rollout.id()));
		if (progress.count(HostState.ROLLING_BACK) > 0) {
			return false;
		}
		int failed = progress.count(HostState.ROLLBACK_FAILED);
		return moved(
				(failed > 0)
						? this.transitions.end(rollout, RolloutState.FAILED,
								failed + " hosts could not be rolled back; " + progress.count(HostState.ROLLED_BACK)
										+ " were",
								now)
						: this.transitions.end(rollout, RolloutState.ROLLED_BACK,
								progress.count(HostState.ROLLED_BACK) + " hosts rolled back", now));
	}

	/**
	 * Sets the desired state of these hosts as the rollout; the versions written. A host
	 * another owner's version in flight keeps waiting (noted on it); a host that is gone
	 * is skipped.
	 */
	private Map<UUID, Long> written(Rollout rollout, Map<UUID, List<ActionRequest>> wanted, Instant now) {
		DesiredStateOwner owner = DesiredStateOwner.rollout(rollout.id(), rollout.spec().name());
		HostState from = (rollout.state() == RolloutState.ROLLING_BACK) ? HostState.ROLLING_BACK : HostState.PENDING;
		Map<UUID, Long> versions = new LinkedHashMap<>();
		Map<UUID, String> waiting = new LinkedHashMap<>();
		List<Judged> gone = new ArrayList<>();
		this.desiredStates.set(owner, wanted, false).forEach((host, outcome) -> {
			switch (outcome) {
				case SetOutcome.Written written -> versions.put(host, written.version());
				case SetOutcome.InFlight inFlight -> waiting.put(host, "waiting: version " + inFlight.held().version()
						+ " of " + inFlight.held().owner() + " is in flight");
				case SetOutcome.HeldByRollout held -> waiting.put(host, "waiting: " + held.holder() + " holds it");
				case SetOutcome.UnknownHost unknown ->
					gone.add(new Judged(host, from, new Verdict(HostState.SKIPPED, "the host no longer exists")));
				case SetOutcome.Decommissioned decommissioned -> gone
					.add(new Judged(host, from, new Verdict(HostState.SKIPPED, "decommissioned before it was asked")));
			}
		});
		this.hosts.waiting(rollout.id(), waiting);
		this.hosts.judged(rollout.id(), gone, now);
		return versions;
	}

	private boolean moved(Rollout rollout) {
		this.rollouts.update(rollout);
		this.transitions.counted(rollout);
		return true;
	}

}
