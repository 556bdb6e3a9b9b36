package dev.kfleet.desiredstate;

/**
 * The version a host holds when a write looks at it (under its row lock), and whether it
 * is in flight: it has an action whose result the host's agent has not reported since the
 * version was set (ADR 0030).
 *
 * @param version the version
 * @param owner who set it
 * @param inFlight whether an action of it still waits for its result
 */
record HeldVersion(long version, DesiredStateOwner owner, boolean inFlight) {

	/** Whether {@code caller} may replace this version, with or without force. */
	Replacement replacedBy(DesiredStateOwner caller, boolean force) {
		if (!this.inFlight) {
			return Replacement.FREE;
		}
		if (this.owner.isSameAs(caller)) {
			return Replacement.OWN;
		}
		return force ? Replacement.FORCED : Replacement.REFUSED;
	}

	OwnedVersion owned() {
		return new OwnedVersion(this.version, this.owner);
	}

	/** How a held version meets a new one. */
	enum Replacement {

		/** Not in flight: anyone replaces it. */
		FREE,

		/** In flight, and the caller's own. */
		OWN,

		/** In flight and another owner's, replaced by force (audited). */
		FORCED,

		/** In flight and another owner's: left as it is. */
		REFUSED;

		boolean writes() {
			return this != REFUSED;
		}

	}

}
