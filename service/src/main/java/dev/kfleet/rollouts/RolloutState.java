package dev.kfleet.rollouts;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a rollout is: pending → running (per wave: {@link Phase applying, baking,
 * awaiting approval}) → completed; or paused, aborted, rolling back → rolled back, or
 * failed (a rollback that could not restore every host).
 */
enum RolloutState implements Valued {

	PENDING("pending"), RUNNING("running"), PAUSED("paused"), ROLLING_BACK("rolling-back"), COMPLETED("completed"),
	ABORTED("aborted"), ROLLED_BACK("rolled-back"), FAILED("failed");

	/** The states the reconciler still works on; a host stays held in them. */
	static final Set<RolloutState> ACTIVE = EnumSet.of(PENDING, RUNNING, PAUSED, ROLLING_BACK);

	private final String value;

	RolloutState(String value) {
		this.value = value;
	}

	@Override
	public String value() {
		return this.value;
	}

	boolean isActive() {
		return ACTIVE.contains(this);
	}

	static RolloutState of(String value) {
		return Valued.of(RolloutState.class, value);
	}

	/** What a running rollout is doing in its current wave. */
	enum Phase implements Valued {

		/** Asking the wave's hosts, and waiting for their verdicts. */
		APPLYING("applying"),

		/** The wave is done; waiting for the bake time to pass. */
		BAKING("baking"),

		/** The wave is done; waiting for an operator to promote. */
		AWAITING_APPROVAL("awaiting-approval");

		private final String value;

		Phase(String value) {
			this.value = value;
		}

		@Override
		public String value() {
			return this.value;
		}

		static Phase of(String value) {
			return Valued.of(Phase.class, value);
		}

	}

}
