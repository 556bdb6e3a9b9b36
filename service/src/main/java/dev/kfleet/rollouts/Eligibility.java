package dev.kfleet.rollouts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kfleet.rollouts.Feature.Target;
import dev.kfleet.rollouts.RolloutHostRepository.Holder;

/**
 * Which targeted hosts a rollout can take, and why the others cannot: decommissioned, no
 * report yet, stale, a kernel without the feature (with the agent's words), already in
 * the target state, or held by another active rollout of the feature.
 *
 * @param eligible the hosts it can take, in id order
 * @param ineligible the others, with the reason
 * @param conflicts the hosts held by another active rollout of the feature (also in
 * {@code ineligible})
 */
record Eligibility(List<UUID> eligible, Map<UUID, Ineligible> ineligible, Map<UUID, Holder> conflicts) {

	static Eligibility assess(Feature feature, Target target, List<TargetHost> hosts, Map<UUID, Holder> holders,
			Instant staleBefore) {
		List<UUID> eligible = new ArrayList<>();
		Map<UUID, Ineligible> ineligible = new LinkedHashMap<>();
		Map<UUID, Holder> conflicts = new LinkedHashMap<>();
		for (TargetHost host : hosts) {
			Holder holder = holders.get(host.id());
			Ineligible why = (holder != null)
					? new Ineligible(host.hostname(), "owned-by-another-rollout",
							"rollout '" + holder.name() + "' (" + holder.rolloutId() + ") holds it")
					: why(feature, target, host, staleBefore);
			if (holder != null) {
				conflicts.put(host.id(), holder);
			}
			if (why == null) {
				eligible.add(host.id());
			}
			else {
				ineligible.put(host.id(), why);
			}
		}
		return new Eligibility(eligible, ineligible, conflicts);
	}

	private static @Nullable Ineligible why(Feature feature, Target target, TargetHost host, Instant staleBefore) {
		if (host.decommissioned()) {
			return new Ineligible(host.hostname(), "decommissioned", "the host is decommissioned");
		}
		if (!host.reported() || host.lastSeenAt() == null) {
			return new Ineligible(host.hostname(), "no-report", "its agent has not reported yet");
		}
		if (host.lastSeenAt().isBefore(staleBefore)) {
			return new Ineligible(host.hostname(), "stale", "its agent was last seen at " + host.lastSeenAt());
		}
		return switch (feature) {
			case HVO -> hvo(target, host);
			case VDUSE -> vduse(host);
		};
	}

	private static @Nullable Ineligible hvo(Target target, TargetHost host) {
		if (!Boolean.TRUE.equals(host.hvoSupported()) || host.switchOn() == null) {
			return unsupported(host, "HVO", host.hvoSupported());
		}
		boolean persisted = host.switchPersisted() == null || host.switchPersisted() == target.enabled();
		if (host.switchOn() == target.enabled() && persisted && !target.rebuildFreePages()) {
			return new Ineligible(host.hostname(), "already-in-target-state",
					"HVO's switch is already " + (target.enabled() ? "on" : "off"));
		}
		return null;
	}

	private static @Nullable Ineligible vduse(TargetHost host) {
		if (!Boolean.TRUE.equals(host.vduseSupported())) {
			return unsupported(host, "VDUSE", host.vduseSupported());
		}
		if (Boolean.TRUE.equals(host.vduseModulesLoaded())) {
			return new Ineligible(host.hostname(), "already-in-target-state", "the VDUSE modules are already loaded");
		}
		return null;
	}

	private static Ineligible unsupported(TargetHost host, String feature, @Nullable Boolean supported) {
		String words = (host.whyNot() != null && !host.whyNot().isBlank()) ? ": " + host.whyNot() : "";
		return Boolean.FALSE.equals(supported)
				? new Ineligible(host.hostname(), "unsupported", "the kernel cannot do " + feature + words)
				: new Ineligible(host.hostname(), "unsupported",
						"its agent cannot tell whether the kernel can do " + feature + words);
	}

	/**
	 * Why a host is not eligible.
	 *
	 * @param hostname its name
	 * @param reason {@code decommissioned}, {@code no-report}, {@code stale},
	 * {@code unsupported}, {@code already-in-target-state} or
	 * {@code owned-by-another-rollout}
	 * @param detail the reason in words, with the agent's where it gave them
	 */
	record Ineligible(String hostname, String reason, String detail) {
	}

}
