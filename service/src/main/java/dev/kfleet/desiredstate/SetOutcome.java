package dev.kfleet.desiredstate;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What setting the desired state did for one host ({@link DesiredStateService#set}).
 */
public sealed interface SetOutcome {

	/** The host. */
	UUID hostId();

	/**
	 * The new version was written and is the caller's.
	 *
	 * @param hostId the host
	 * @param version the new version
	 * @param forcedOver the other owner's version in flight that force replaced, or
	 * {@code null} when none was in the way
	 * @param forcedHold the active rollout that held the host and that force took it from
	 * (the host fails in it), or {@code null}
	 */
	record Written(UUID hostId, long version, @Nullable OwnedVersion forcedOver,
			@Nullable DesiredStateOwner forcedHold) implements SetOutcome {

		public Written(UUID hostId, long version, @Nullable OwnedVersion forcedOver) {
			this(hostId, version, forcedOver, null);
		}

		/**
		 * Whether force replaced anything: another owner's version, or a rollout's hold.
		 */
		public boolean forced() {
			return this.forcedOver != null || this.forcedHold != null;
		}

	}

	/**
	 * Refused: an active rollout holds the host (ADR 0035); nothing was written. Force
	 * writes it anyway and fails the host in the rollout.
	 *
	 * @param hostId the host
	 * @param holder the rollout that holds it
	 */
	record HeldByRollout(UUID hostId, DesiredStateOwner holder) implements SetOutcome {
	}

	/**
	 * Refused: the host's version is in flight and another owner's; nothing was written.
	 *
	 * @param hostId the host
	 * @param held the version in flight and its owner
	 */
	record InFlight(UUID hostId, OwnedVersion held) implements SetOutcome {
	}

	/**
	 * Refused: no such host.
	 *
	 * @param hostId the id asked for
	 */
	record UnknownHost(UUID hostId) implements SetOutcome {
	}

	/**
	 * Refused: the host is decommissioned.
	 *
	 * @param hostId the host
	 */
	record Decommissioned(UUID hostId) implements SetOutcome {
	}

}
