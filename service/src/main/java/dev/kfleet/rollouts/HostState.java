package dev.kfleet.rollouts;

/** Where one host of a rollout is. */
enum HostState implements Valued {

	/** Planned in a wave, not asked yet. */
	PENDING("pending"),

	/** Asked (its desired state set); waiting for its agent's result and report. */
	APPLYING("applying"),

	/** Its report shows the target state. */
	SUCCEEDED("succeeded"),

	/** Its agent failed, its report did not verify, or its deadline passed. */
	FAILED("failed"),

	/**
	 * Not asked: ineligible at creation, decommissioned, or left when the rollout ended.
	 */
	SKIPPED("skipped"),

	/** Asked to go back to what it reported before the rollout. */
	ROLLING_BACK("rolling-back"),

	/** Back to what it reported before the rollout. */
	ROLLED_BACK("rolled-back"),

	/** Could not be taken back. */
	ROLLBACK_FAILED("rollback-failed");

	private final String value;

	HostState(String value) {
		this.value = value;
	}

	@Override
	public String value() {
		return this.value;
	}

	static HostState of(String value) {
		return Valued.of(HostState.class, value);
	}

}
