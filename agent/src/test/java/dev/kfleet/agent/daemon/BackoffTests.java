package dev.kfleet.agent.daemon;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	@Test
	void theCeilingDoublesWithEachFailureUpToTheCap() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(1));
		long[] ceilings = new long[12];
		for (int i = 0; i < ceilings.length; i++) {
			backoff.next(Optional.empty());
			ceilings[i] = backoff.ceilingMillis();
		}
		assertThat(ceilings).containsExactly(1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000,
				300000, 300000);
	}

	@Test
	void waitsAreSpreadOverTheWholeRangeFromOneSecondToTheCeiling() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(7));
		for (int i = 0; i < 8; i++) {
			backoff.next(Optional.empty());
		}
		long min = Long.MAX_VALUE;
		long max = 0;
		for (int i = 0; i < 2000; i++) {
			Backoff copy = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(i));
			for (int f = 0; f < 8; f++) {
				long wait = copy.next(Optional.empty()).toMillis();
				if (f == 7) {
					min = Math.min(min, wait);
					max = Math.max(max, wait);
				}
			}
		}
		assertThat(min).isBetween(1000L, 10_000L);
		assertThat(max).isBetween(118_000L, 128_000L);
	}

	@Test
	void honoursRetryAfterUpToTheCap() {
		RandomGenerator zero = () -> 0L;
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), zero);
		assertThat(backoff.next(Optional.of(Duration.ofSeconds(42)))).isEqualTo(Duration.ofSeconds(42));
		assertThat(backoff.next(Optional.of(Duration.ofHours(1)))).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void aSuccessStartsItOver() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(3));
		for (int i = 0; i < 5; i++) {
			backoff.next(Optional.empty());
		}
		backoff.reset();
		assertThat(backoff.failures()).isZero();
		assertThat(backoff.next(Optional.empty())).isEqualTo(Duration.ofSeconds(1));
	}

}
