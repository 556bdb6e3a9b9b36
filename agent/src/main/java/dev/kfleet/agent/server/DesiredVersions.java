package dev.kfleet.agent.server;

import java.time.Duration;
import java.time.Instant;

/**
 * The agent's rule for the desired state's version (the contract's
 * {@code DesiredState.version}): a version greater than the last one applied is applied.
 * A smaller one is ignored, unless the service keeps handing it out: after
 * {@value #STREAK} answered check-ins in a row over at least two minutes, the agent takes
 * the service's version as applied (without applying it) and applies the next greater
 * one. So a bogus high version (a bad answer) blocks the real ones for minutes, not
 * forever, and a replica that is stale for seconds never makes the agent apply an old
 * version again. Not thread-safe: one per host.
 */
public final class DesiredVersions {

	/** How many check-ins in a row must hand out a smaller version. */
	public static final int STREAK = 3;

	/** How long they must span at least. */
	static final Duration SPAN = Duration.ofMinutes(2);

	private int smaller;

	private Instant since;

	/**
	 * Decides about the version a check-in handed out.
	 * @param offered the service's version
	 * @param applied the last version the agent applied
	 * @param now when the answer came
	 * @return what to do
	 */
	public Decision offered(long offered, long applied, Instant now) {
		if (offered >= applied) {
			this.smaller = 0;
			return (offered > applied) ? Decision.APPLY : Decision.NOTHING;
		}
		if (this.smaller++ == 0) {
			this.since = now;
		}
		if (this.smaller >= STREAK && Duration.between(this.since, now).compareTo(SPAN) >= 0) {
			this.smaller = 0;
			return Decision.ADOPT;
		}
		return Decision.NOTHING;
	}

	/**
	 * Returns how many check-ins in a row handed out a smaller version.
	 * @return the count, 0 after a version as great as the one applied
	 */
	public int smallerInARow() {
		return this.smaller;
	}

	/**
	 * What to do with a desired state.
	 */
	public enum Decision {

		/** Nothing: it was applied already, or it is smaller and not for long enough. */
		NOTHING,

		/** Apply it: its version is greater than the last applied. */
		APPLY,

		/**
		 * Take its (smaller) version as applied without applying it: the service has
		 * handed it out for long enough.
		 */
		ADOPT

	}

}
