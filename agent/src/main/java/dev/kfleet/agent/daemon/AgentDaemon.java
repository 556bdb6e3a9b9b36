package dev.kfleet.agent.daemon;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's loop: run a {@link CheckInCycle}, wait the delay it returns, repeat, until
 * {@link #stop()}. A stop during the wait ends it at once; a stop during a cycle lets the
 * cycle finish (a pool rebuild is never cut short).
 */
public final class AgentDaemon {

	private final CheckInCycle cycle;

	private final Sleeper sleeper;

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final CountDownLatch finished = new CountDownLatch(1);

	public AgentDaemon(CheckInCycle cycle) {
		this.cycle = cycle;
		this.sleeper = (delay) -> !this.stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	AgentDaemon(CheckInCycle cycle, Sleeper sleeper) {
		this.cycle = cycle;
		this.sleeper = sleeper;
	}

	/**
	 * Runs cycles until stopped.
	 * @throws InterruptedException if the thread was interrupted
	 */
	public void run() throws InterruptedException {
		try {
			while (this.stopped.getCount() > 0) {
				CycleOutcome outcome = this.cycle.runOnce();
				if (this.stopped.getCount() == 0 || !this.sleeper.sleep(outcome.nextDelay())) {
					return;
				}
			}
		}
		finally {
			this.finished.countDown();
		}
	}

	/** Asks the loop to stop after the current cycle, or at once while it waits. */
	public void stop() {
		this.stopped.countDown();
	}

	/**
	 * Waits for the loop to end after {@link #stop()}.
	 * @param timeout how long to wait
	 * @return true if it ended
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitFinished(Duration timeout) throws InterruptedException {
		return this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Waits between cycles.
	 */
	@FunctionalInterface
	interface Sleeper {

		/**
		 * Waits.
		 * @param delay how long
		 * @return false if the daemon should stop instead of running another cycle
		 * @throws InterruptedException if interrupted
		 */
		boolean sleep(Duration delay) throws InterruptedException;

	}

}
