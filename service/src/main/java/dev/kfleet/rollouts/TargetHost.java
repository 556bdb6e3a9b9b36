package dev.kfleet.rollouts;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A host a rollout targets, with what decides whether it is eligible.
 *
 * @param id the host
 * @param hostname its name
 * @param decommissioned whether it is decommissioned
 * @param lastSeenAt when its agent last checked in
 * @param reported whether its agent has sent a report
 * @param hvoSupported whether its kernel can do HVO
 * @param switchOn HVO's runtime switch
 * @param switchPersisted what the boot-time sysctl configuration sets it to
 * @param vduseSupported whether its kernel can run VDUSE devices
 * @param vduseModulesLoaded whether the modules VDUSE needs are loaded
 * @param whyNot the agent's words for why the feature is unsupported or unknown
 */
record TargetHost(UUID id, String hostname, boolean decommissioned, @Nullable Instant lastSeenAt, boolean reported,
		@Nullable Boolean hvoSupported, @Nullable Boolean switchOn, @Nullable Boolean switchPersisted,
		@Nullable Boolean vduseSupported, @Nullable Boolean vduseModulesLoaded, @Nullable String whyNot) {
}
