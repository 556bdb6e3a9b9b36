package dev.kfleet.agent.daemon;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th failure in a row the wait is
 * uniform in [1 s, min(cap, base × 2^(n−1))], at least what the service asked for in
 * {@code Retry-After} (up to the cap). A success resets it. Full jitter spreads a fleet
 * that lost the service at the same moment, so it does not come back in one wave.
 */
public final class Backoff {

	static final Duration FLOOR = Duration.ofSeconds(1);

	private final Duration base;

	private final Duration cap;

	private final RandomGenerator random;

	private int failures;

	public Backoff(Duration base, Duration cap, RandomGenerator random) {
		this.base = base;
		this.cap = cap;
		this.random = random;
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
		return Duration.ofMillis(Math.min(Math.max(wait, asked), this.cap.toMillis()));
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

	long ceilingMillis() {
		int shift = Math.min(this.failures - 1, 30);
		long ceiling = this.base.toMillis() << shift;
		return Math.min((ceiling <= 0) ? Long.MAX_VALUE : ceiling, this.cap.toMillis());
	}

}
