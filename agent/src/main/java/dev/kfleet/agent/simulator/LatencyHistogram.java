package dev.kfleet.agent.simulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in log-linear buckets (16 per power of two of microseconds, so a percentile
 * is within about 4 % of the truth), recorded lock-free from many threads.
 */
final class LatencyHistogram {

	private static final int SUB = 16;

	private static final int BUCKETS = 40 * SUB;

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	void record(long nanos) {
		this.counts.incrementAndGet(bucket(Math.max(1, nanos / 1000)));
	}

	long count() {
		long total = 0;
		for (int i = 0; i < BUCKETS; i++) {
			total += this.counts.get(i);
		}
		return total;
	}

	/**
	 * Returns a percentile.
	 * @param percent such as 50 or 99
	 * @return the upper bound of the bucket it falls in, or zero without samples
	 */
	Duration percentile(double percent) {
		long total = count();
		if (total == 0) {
			return Duration.ZERO;
		}
		long rank = (long) Math.ceil(total * percent / 100.0);
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += this.counts.get(i);
			if (seen >= rank) {
				return Duration.ofNanos(upperMicros(i) * 1000);
			}
		}
		return Duration.ofNanos(upperMicros(BUCKETS - 1) * 1000);
	}

	LatencyHistogram drain() {
		LatencyHistogram copy = new LatencyHistogram();
		for (int i = 0; i < BUCKETS; i++) {
			copy.counts.set(i, this.counts.getAndSet(i, 0));
		}
		return copy;
	}

	static int bucket(long micros) {
		if (micros < SUB) {
			return (int) micros;
		}
		int power = 63 - Long.numberOfLeadingZeros(micros);
		int sub = (int) ((micros >> (power - 4)) & (SUB - 1));
		return Math.min(BUCKETS - 1, (power - 3) * SUB + sub);
	}

	static long upperMicros(int bucket) {
		if (bucket < SUB) {
			return bucket;
		}
		int power = bucket / SUB + 3;
		long sub = bucket % SUB;
		return ((SUB + sub + 1) << (power - 4)) - 1;
	}

}
