package dev.kfleet.rollouts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.kfleet.rollouts.AskedHost.Observed;
import dev.kfleet.rollouts.Feature.Target;

/**
 * Decides, from its agent's results and its latest report, whether a host a rollout asked
 * has succeeded, has failed, or is still to be waited for. A host succeeds when every
 * action it was asked has succeeded and its report shows the target state; it fails when
 * its agent says an action failed or was refused, or when its deadline passes first (a
 * host that stopped checking in, a report that never shows the target state).
 */
final class HostVerdicts {

	private HostVerdicts() {
	}

	/** The verdict on {@code host}, or empty while it is still to be waited for. */
	static Optional<Verdict> judge(AskedHost host, Feature feature, Target target, Instant now) {
		boolean back = host.state() == HostState.ROLLING_BACK;
		if (host.decommissioned()) {
			return Optional.of(new Verdict(HostState.SKIPPED, "decommissioned while it was asked"));
		}
		if (host.failures() != null) {
			return Optional.of(new Verdict(back ? HostState.ROLLBACK_FAILED : HostState.FAILED,
					"the agent reported: " + host.failures()));
		}
		String mismatch = back ? mismatchBack(feature, target, host) : mismatch(feature, target, host);
		if (host.results() >= host.actionCount() && mismatch == null) {
			return Optional.of(new Verdict(back ? HostState.ROLLED_BACK : HostState.SUCCEEDED, back
					? "verified: back to what it reported before" : "verified: the report shows the target state"));
		}
		if (now.isBefore(host.deadlineAt())) {
			return Optional.empty();
		}
		String why = (host.results() < host.actionCount()) ? "no result from the agent for "
				+ (host.actionCount() - host.results()) + " of " + host.actionCount() + " actions"
				: "the report does not show the target state: " + mismatch;
		String seen = (host.lastSeenAt() != null) ? "; its agent was last seen at " + host.lastSeenAt()
				: "; its agent never checked in";
		return Optional.of(new Verdict(back ? HostState.ROLLBACK_FAILED : HostState.FAILED,
				"deadline passed (" + host.deadlineAt() + "): " + why + seen));
	}

	/** What in the report differs from the target state, or {@code null} if nothing. */
	static @Nullable String mismatch(Feature feature, Target target, AskedHost host) {
		Observed observed = host.observed();
		return switch (feature) {
			case HVO -> {
				String switchState = switchMismatch(observed, target.enabled());
				if (switchState != null || !target.rebuildFreePages()) {
					yield switchState;
				}
				yield rebuildMismatch(host);
			}
			case VDUSE -> vduseMismatch(observed);
		};
	}

	/**
	 * What in a completed rollout's host's report no longer shows the target state (the
	 * switch, the modules; rebuilt pages are done once and do not drift), or
	 * {@code null}.
	 */
	static @Nullable String drift(Feature feature, Target target, Observed observed) {
		return switch (feature) {
			case HVO -> switchMismatch(observed, target.enabled());
			case VDUSE -> vduseMismatch(observed);
		};
	}

	private static @Nullable String vduseMismatch(Observed observed) {
		if (!Boolean.TRUE.equals(observed.vduseSupported())) {
			return "the report does not show VDUSE supported";
		}
		return Boolean.TRUE.equals(observed.vduseModulesLoaded()) ? null
				: "the report does not show the vduse, vdpa, virtio_vdpa and vhost_vdpa modules loaded";
	}

	/** What differs from what the host reported before the rollout, or {@code null}. */
	private static @Nullable String mismatchBack(Feature feature, Target target, AskedHost host) {
		Boolean before = host.previous().switchOn();
		return switchMismatch(host.observed(), (before != null) ? before : !target.enabled());
	}

	private static @Nullable String switchMismatch(Observed observed, boolean enabled) {
		if (observed.switchOn() == null) {
			return "the report does not show HVO's switch";
		}
		if (observed.switchOn() != enabled) {
			return "HVO's switch is " + onOff(observed.switchOn());
		}
		// An agent that does not report the persisted value (older than 0.2) persisted it
		// when its action succeeded; one that reports it must show the target.
		if (observed.switchPersisted() != null && observed.switchPersisted() != enabled) {
			return "HVO's switch is " + onOff(enabled) + " but persisted " + onOff(observed.switchPersisted());
		}
		return null;
	}

	/**
	 * Rebuilt pages: every pool back at its size, and the bytes reclaimed grown by what
	 * the kernel's numbers said the rebuilt pages give (or every page optimized now).
	 */
	private static @Nullable String rebuildMismatch(AskedHost host) {
		if (!host.poolsKept()) {
			return "a HugeTLB pool did not get back to its size";
		}
		Long before = host.previous().reclaimedBytes();
		Long expected = host.previous().expectedGainBytes();
		Long now = host.observed().reclaimedBytes();
		if (Objects.equals(host.observed().additionalBytes(), 0L)) {
			return null;
		}
		if (before == null || expected == null || now == null) {
			return "the reports do not show the bytes reclaimed before and after";
		}
		if (now - before != expected) {
			return "the bytes reclaimed grew by " + (now - before) + ", the rebuilt pages give " + expected;
		}
		return null;
	}

	private static String onOff(boolean on) {
		return on ? "on" : "off";
	}

	/**
	 * A host's verdict.
	 *
	 * @param state its new state
	 * @param detail why, in words
	 */
	record Verdict(HostState state, String detail) {
	}

}
