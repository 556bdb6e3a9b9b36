package dev.kfleet.rollouts;

import org.jspecify.annotations.Nullable;

/**
 * What a host reported just before a rollout asked it: what a rollback takes it back to,
 * and what its rebuilt pages are checked against.
 *
 * @param switchOn HVO's runtime switch
 * @param reclaimedBytes the vmemmap bytes HVO had freed
 * @param expectedGainBytes the vmemmap bytes rebuilding the free unreserved pages frees,
 * by the kernel's numbers in the report (free − reserved pages × bytes freed per page,
 * for each optimizable pool); {@code null} when the rollout does not rebuild
 */
record Previous(@Nullable Boolean switchOn, @Nullable Long reclaimedBytes, @Nullable Long expectedGainBytes) {

	static final Previous UNKNOWN = new Previous(null, null, null);

}
