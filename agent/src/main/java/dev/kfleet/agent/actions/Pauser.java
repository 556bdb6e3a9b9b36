package dev.kfleet.agent.actions;

import java.time.Duration;

/**
 * Waits between attempts to regrow a pool. Tests pass one that returns at once.
 */
@FunctionalInterface
public interface Pauser {

	/** Sleeps. */
	Pauser SLEEP = (duration) -> Thread.sleep(duration);

	/**
	 * Waits.
	 * @param duration how long
	 * @throws InterruptedException if interrupted
	 */
	void pause(Duration duration) throws InterruptedException;

}
