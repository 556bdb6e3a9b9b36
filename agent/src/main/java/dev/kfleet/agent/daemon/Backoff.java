package dev.kfleet.agent.daemon;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to check in next, after a failure or an answer (ADR 0026):
 * <ul>
 * <li>after the n-th failure in a row: exponential with full jitter, uniform in [1 s,
 * min(cap, base × 2^(n−1))], at least what the service asked for in {@code Retry-After}
 * (up to the cap). The cap is the check-in interval the service last gave (30 s until it
 * gave one), and never more than the configured longest backoff: an agent is back within
 * one interval of the service's recovery, and within two when its first attempt meets a
 * service still busy with the others;</li>
 * <li>after an answer: the interval the service gave, except after failures or after a
 * check-in the service held for long ({@link #held}): then uniform in [½, 1½] intervals,
 * so that a fleet whose requests completed together does not stay in lockstep (the mean
 * stays one interval).</li>
 * </ul>
 * Not thread-safe: one per host.
 */
public final class Backoff {

	static final Duration FLOOR = Duration.ofSeconds(1);

	/** The interval assumed until the service gives one. */
	static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

	/** A check-in that takes this long (or half the interval, if less) was held. */
	static final Duration HELD = Duration.ofSeconds(2);

	private final Duration base;

	private final Duration maxCap;

	private final RandomGenerator random;

	private Duration interval = DEFAULT_INTERVAL;

	private int failures;

	/**
	 * Creates a backoff.
	 * @param base the wait ceiling after the first failure
	 * @param maxCap the longest wait after failures, whatever the interval
	 * @param random the source of jitter
	 */
	public Backoff(Duration base, Duration maxCap, RandomGenerator random) {
		this.base = base;
		this.maxCap = maxCap;
		this.random = random;
	}

	/**
	 * Takes the check-in interval the service gave (when enrolling, say), which caps the
	 * waits after failures.
	 * @param interval the interval
	 */
	public void interval(Duration interval) {
		this.interval = interval;
	}

	/**
	 * Returns the wait after one more failure.
	 * @param retryAfter the wait the service asked for, if any
	 * @return the wait
	 */
	public Duration next(Optional<Duration> retryAfter) {
		this.failures++;
		long ceiling = ceilingMillis();
		long floor = Math.min(FLOOR.toMillis(), ceiling);
		long wait = floor + (long) (this.random.nextDouble() * (ceiling - floor + 1));
		long asked = retryAfter.map(Duration::toMillis).orElse(0L);
		return Duration.ofMillis(Math.min(Math.max(wait, asked), capMillis()));
	}

	/**
	 * Returns the wait after an answered check-in, and forgets the failures.
	 * @param nextInterval the interval the service gave in its answer
	 * @param took how long the check-in took
	 * @return the interval, or a wait spread over [½, 1½] intervals after failures or a
	 * held check-in
	 */
	public Duration afterSuccess(Duration nextInterval, Duration took) {
		this.interval = nextInterval;
		boolean spread = this.failures > 0 || held(took, nextInterval);
		this.failures = 0;
		if (!spread) {
			return nextInterval;
		}
		long millis = nextInterval.toMillis();
		long wait = millis / 2 + (long) (this.random.nextDouble() * millis);
		return Duration.ofMillis(Math.max(FLOOR.toMillis(), wait));
	}

	/**
	 * Tells whether a check-in took so long that the service must have held it (a stalled
	 * database, a queue): at least {@link #HELD}, or half the interval if that is less.
	 * @param took how long it took
	 * @param interval the interval
	 * @return whether it was held
	 */
	static boolean held(Duration took, Duration interval) {
		Duration threshold = (HELD.compareTo(interval.dividedBy(2)) < 0) ? HELD : interval.dividedBy(2);
		return took.compareTo(threshold) >= 0;
	}

	/** Forgets the failures after a success. */
	public void reset() {
		this.failures = 0;
	}

	/**
	 * Returns the failures in a row.
	 * @return the count since the last success
	 */
	public int failures() {
		return this.failures;
	}

	/**
	 * Returns the longest wait after a failure now.
	 * @return the interval the service last gave, or the configured longest backoff if
	 * that is less
	 */
	public Duration cap() {
		return Duration.ofMillis(capMillis());
	}

	private long capMillis() {
		return Math.min(this.maxCap.toMillis(), this.interval.toMillis());
	}

	long ceilingMillis() {
		int shift = Math.min(this.failures - 1, 30);
		long ceiling = this.base.toMillis() << shift;
		return Math.min((ceiling <= 0) ? Long.MAX_VALUE : ceiling, capMillis());
	}

}
