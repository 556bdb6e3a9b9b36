package dev.kfleet.rollouts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kfleet.rollouts.RolloutState.Phase;

/**
 * A rollout's row: its spec and where it is.
 *
 * @param id its id
 * @param spec what it does
 * @param state where it is
 * @param phase what it does in its wave, while running (kept while paused)
 * @param wave its current wave, from 1
 * @param waveCount how many waves it has
 * @param phaseSince when the state or phase last changed
 * @param bakeUntil when the bake time of the wave just done ends, while baking
 * @param acceptedFailures failures the operator accepted by resuming it after a halt
 * @param reason why it is where it is, in words
 * @param createdAt when it was created
 * @param createdBy who created it ({@code kind}, {@code id}, {@code name})
 * @param updatedAt when it last changed
 * @param finishedAt when it ended
 */
record Rollout(UUID id, RolloutSpec spec, RolloutState state, @Nullable Phase phase, int wave, int waveCount,
		Instant phaseSince, @Nullable Instant bakeUntil, int acceptedFailures, String reason, Instant createdAt,
		Map<String, @Nullable Object> createdBy, Instant updatedAt, @Nullable Instant finishedAt) {

	/** This rollout moved to another state and phase, for this reason. */
	Rollout moved(RolloutState state, @Nullable Phase phase, String reason, Instant now) {
		return new Rollout(this.id, this.spec, state, phase, this.wave, this.waveCount, now,
				(phase == Phase.BAKING) ? this.bakeUntil : null, this.acceptedFailures, reason, this.createdAt,
				this.createdBy, now, state.isActive() ? null : now);
	}

	/** This rollout in its next wave, applying. */
	Rollout nextWave(String reason, Instant now) {
		return new Rollout(this.id, this.spec, RolloutState.RUNNING, Phase.APPLYING, this.wave + 1, this.waveCount, now,
				null, this.acceptedFailures, reason, this.createdAt, this.createdBy, now, null);
	}

	/** This rollout baking its wave until {@code until}. */
	Rollout baking(Instant until, String reason, Instant now) {
		return new Rollout(this.id, this.spec, RolloutState.RUNNING, Phase.BAKING, this.wave, this.waveCount, now,
				until, this.acceptedFailures, reason, this.createdAt, this.createdBy, now, null);
	}

	/** This rollout with {@code failures} accepted by an operator. */
	Rollout accepting(int failures) {
		return new Rollout(this.id, this.spec, this.state, this.phase, this.wave, this.waveCount, this.phaseSince,
				this.bakeUntil, Math.max(failures, this.acceptedFailures), this.reason, this.createdAt, this.createdBy,
				this.updatedAt, this.finishedAt);
	}

	boolean isLastWave() {
		return this.wave >= this.waveCount;
	}

}
