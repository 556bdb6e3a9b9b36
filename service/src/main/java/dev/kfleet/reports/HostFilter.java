package dev.kfleet.reports;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.kfleet.hosts.LabelSelector;

/**
 * What a host list is narrowed to. Every part is optional; together they must all hold.
 *
 * @param selector the label selector
 * @param kernelReleasePrefix kernel releases starting with this
 * @param hostnameContains host names containing this (case-insensitive)
 * @param lastSeenBefore last check-in strictly before this
 * @param lastSeenAfter last check-in at or after this
 * @param includeDecommissioned whether decommissioned hosts are listed too
 * @param hvo the HVO state of the latest report ({@code on}, {@code off},
 * {@code unsupported}, {@code unknown})
 * @param vduseDevices whether the latest report shows VDUSE devices
 * @param stale whether the agent is stale (true) or current (false)
 * @param staleBefore agents last seen before this are stale
 * @param drifted whether a completed rollout found the host drifted from its target
 */
record HostFilter(LabelSelector selector, @Nullable String kernelReleasePrefix, @Nullable String hostnameContains,
		@Nullable Instant lastSeenBefore, @Nullable Instant lastSeenAfter, boolean includeDecommissioned,
		@Nullable String hvo, @Nullable Boolean vduseDevices, @Nullable Boolean stale, Instant staleBefore,
		@Nullable Boolean drifted) {

}
