package dev.kfleet.rollouts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.kfleet.rollouts.RolloutState.Phase;

/**
 * Rollouts as the API shows them: the spec as accepted, and the status: where it is, why,
 * what it waits for, its hosts by state overall and per wave, and the failure budgets
 * used.
 */
@Component
class RolloutViews {

	private static final int SHOWN_PER_WAVE = 1000;

	private final RolloutHostRepository hosts;

	RolloutViews(RolloutHostRepository hosts) {
		this.hosts = hosts;
	}

	Map<String, @Nullable Object> of(Rollout rollout) {
		return of(rollout, Progress.of(this.hosts.counts(rollout.id())));
	}

	/** The views of a page of rollouts, their hosts counted in one query. */
	List<Map<String, @Nullable Object>> of(List<Rollout> rollouts) {
		Map<UUID, Map<Integer, Map<HostState, Integer>>> counts = this.hosts
			.counts(rollouts.stream().map(Rollout::id).toList());
		return rollouts.stream()
			.map((rollout) -> of(rollout, Progress.of(counts.getOrDefault(rollout.id(), Map.of()))))
			.toList();
	}

	private static Map<String, @Nullable Object> of(Rollout rollout, Progress progress) {
		Map<String, @Nullable Object> view = new LinkedHashMap<>();
		view.put("id", rollout.id());
		view.putAll(rollout.spec().describe());
		view.put("createdAt", rollout.createdAt());
		view.put("createdBy", rollout.createdBy());
		view.put("updatedAt", rollout.updatedAt());
		view.put("finishedAt", rollout.finishedAt());
		view.put("status", status(rollout, progress));
		return view;
	}

	private static Map<String, @Nullable Object> status(Rollout rollout, Progress progress) {
		RolloutSpec spec = rollout.spec();
		Map<String, @Nullable Object> status = new LinkedHashMap<>();
		status.put("state", rollout.state().value());
		status.put("phase", (rollout.phase() != null && rollout.state().isActive()) ? rollout.phase().value() : null);
		status.put("wave", rollout.wave());
		status.put("waveCount", rollout.waveCount());
		status.put("reason", rollout.reason());
		status.put("since", rollout.phaseSince());
		status.put("bakeUntil", (rollout.phase() == Phase.BAKING) ? rollout.bakeUntil() : null);
		status.put("waitingFor", waitingFor(rollout, progress));
		status.put("hosts", counts(progress, null));
		List<Map<String, @Nullable Object>> waves = new ArrayList<>();
		for (int wave = 1; wave <= rollout.waveCount(); wave++) {
			Map<String, @Nullable Object> inWave = new LinkedHashMap<>();
			inWave.put("wave", wave);
			inWave.put("hosts", counts(progress, wave));
			inWave.put("failureBudget", budget(spec.perWave(), progress.failed(wave), progress.planned(wave)));
			waves.add(inWave);
		}
		status.put("waves", waves);
		status.put("failureBudget",
				Map.of("overall", budget(spec.overall(), progress.failed(), progress.planned()), "perWave",
						budget(spec.perWave(), progress.failed(rollout.wave()), progress.planned(rollout.wave())),
						"acceptedFailures", rollout.acceptedFailures()));
		return status;
	}

	private static Map<String, Object> budget(FailureBudget budget, int used, int of) {
		return Map.of("budget", budget.value(), "allowed", budget.allowed(of), "used", used);
	}

	private static Map<String, Integer> counts(Progress progress, @Nullable Integer wave) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("total",
				(wave != null) ? progress.planned(wave) : progress.planned() + progress.count(0, HostState.SKIPPED));
		for (HostState state : HostState.values()) {
			counts.put(state.value(), (wave != null) ? progress.count(wave, state) : progress.count(state));
		}
		return counts;
	}

	/** What the rollout waits for, in words; {@code null} once it ended. */
	private static @Nullable String waitingFor(Rollout rollout, Progress progress) {
		return switch (rollout.state()) {
			case PENDING -> "the reconciler to start it";
			case PAUSED -> "an operator's resume (or abort, or rollback)";
			case ROLLING_BACK -> progress.count(HostState.ROLLING_BACK) + " hosts to report they are back";
			case RUNNING -> switch (rollout.phase()) {
				case APPLYING -> progress.unfinished(rollout.wave()) + " hosts of wave " + rollout.wave() + " ("
						+ progress.count(rollout.wave(), HostState.APPLYING) + " applying, "
						+ progress.count(rollout.wave(), HostState.PENDING) + " pending)";
				case BAKING -> "the bake time to end at " + rollout.bakeUntil();
				case AWAITING_APPROVAL -> "an operator's promote";
				case null -> null;
			};
			case COMPLETED, ABORTED, ROLLED_BACK, FAILED -> null;
		};
	}

	/** A dry run's answer: the eligible hosts, the others with reasons, the waves. */
	static Map<String, @Nullable Object> of(RolloutSpec spec, RolloutService.DryRun dryRun) {
		Map<String, @Nullable Object> view = new LinkedHashMap<>();
		view.put("dryRun", true);
		view.putAll(spec.describe());
		view.put("eligible", dryRun.eligibility().eligible().size());
		List<Map<String, Object>> ineligible = new ArrayList<>();
		Map<String, Integer> byReason = new LinkedHashMap<>();
		dryRun.eligibility().ineligible().forEach((host, why) -> {
			byReason.merge(why.reason(), 1, Integer::sum);
			if (ineligible.size() < SHOWN_PER_WAVE) {
				ineligible.add(Map.of("hostId", host, "hostname", why.hostname(), "reason", why.reason(), "detail",
						why.detail()));
			}
		});
		view.put("ineligible",
				Map.of("count", dryRun.eligibility().ineligible().size(), "byReason", byReason, "hosts", ineligible));
		List<Map<String, Object>> waves = new ArrayList<>();
		if (dryRun.plan() != null) {
			List<List<UUID>> planned = dryRun.plan().waves();
			for (int wave = 0; wave < planned.size(); wave++) {
				List<UUID> inWave = planned.get(wave);
				waves.add(Map.of("wave", wave + 1, "count", inWave.size(), "hostIds",
						inWave.subList(0, Math.min(inWave.size(), SHOWN_PER_WAVE))));
			}
		}
		view.put("plan", waves);
		view.put("planProblem", dryRun.planProblem());
		return view;
	}

}
