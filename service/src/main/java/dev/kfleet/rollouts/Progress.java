package dev.kfleet.rollouts;

import java.util.Map;

/**
 * How many of a rollout's hosts are in each state, per wave (wave 0: the hosts skipped at
 * creation, in no wave).
 *
 * @param counts per wave, per state
 */
record Progress(Map<Integer, Map<HostState, Integer>> counts) {

	static Progress of(Map<Integer, Map<HostState, Integer>> counts) {
		return new Progress(Map.copyOf(counts));
	}

	/** Hosts of a wave in a state. */
	int count(int wave, HostState state) {
		return this.counts.getOrDefault(wave, Map.of()).getOrDefault(state, 0);
	}

	/** Hosts in a state, in every wave (and none). */
	int count(HostState state) {
		return this.counts.values().stream().mapToInt((states) -> states.getOrDefault(state, 0)).sum();
	}

	/** Hosts planned in a wave. */
	int planned(int wave) {
		return this.counts.getOrDefault(wave, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
	}

	/** Hosts planned in any wave. */
	int planned() {
		return this.counts.entrySet()
			.stream()
			.filter((wave) -> wave.getKey() > 0)
			.flatMap((wave) -> wave.getValue().values().stream())
			.mapToInt(Integer::intValue)
			.sum();
	}

	/** Hosts of a wave not done yet: pending or applying. */
	int unfinished(int wave) {
		return count(wave, HostState.PENDING) + count(wave, HostState.APPLYING);
	}

	int applying() {
		return count(HostState.APPLYING);
	}

	int failed(int wave) {
		return count(wave, HostState.FAILED);
	}

	/**
	 * Failed hosts of the planned waves (a host skipped at creation is not a failure).
	 */
	int failed() {
		return count(HostState.FAILED);
	}

	int succeeded(int wave) {
		return count(wave, HostState.SUCCEEDED);
	}

	int succeeded() {
		return count(HostState.SUCCEEDED);
	}

	int skipped(int wave) {
		return count(wave, HostState.SKIPPED);
	}

}
