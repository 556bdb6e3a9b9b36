package dev.kfleet.agent.daemon;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	@Test
	void theCeilingDoublesWithEachFailureUpToTheIntervalTheServiceGaveAndNoFurtherThanTheLongestBackoff() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(1));
		backoff.interval(Duration.ofHours(1));
		long[] ceilings = new long[12];
		for (int i = 0; i < ceilings.length; i++) {
			backoff.next(Optional.empty());
			ceilings[i] = backoff.ceilingMillis();
		}
		assertThat(ceilings).containsExactly(1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000,
				300000, 300000);
	}

	@Test
	void theCapIsThirtySecondsUntilTheServiceGivesAnInterval() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(1));
		long[] ceilings = new long[8];
		for (int i = 0; i < ceilings.length; i++) {
			backoff.next(Optional.empty());
			ceilings[i] = backoff.ceilingMillis();
		}
		assertThat(ceilings).containsExactly(1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000);
		backoff.interval(Duration.ofSeconds(5));
		assertThat(backoff.cap()).isEqualTo(Duration.ofSeconds(5));
		assertThat(backoff.next(Optional.empty())).isLessThanOrEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void waitsAreSpreadOverTheWholeRangeFromOneSecondToTheCeiling() {
		long min = Long.MAX_VALUE;
		long max = 0;
		for (int i = 0; i < 2000; i++) {
			Backoff copy = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(i));
			copy.interval(Duration.ofMinutes(10));
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
		assertThat(backoff.next(Optional.of(Duration.ofSeconds(12)))).isEqualTo(Duration.ofSeconds(12));
		assertThat(backoff.next(Optional.of(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(30));
		backoff.interval(Duration.ofMinutes(10));
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

	@Test
	void anAnswerAfterFailuresOrAHeldCheckInIsFollowedByAWaitSpreadOverAnInterval() {
		Duration interval = Duration.ofSeconds(30);
		long min = Long.MAX_VALUE;
		long max = 0;
		for (int i = 0; i < 2000; i++) {
			Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(i));
			backoff.next(Optional.empty());
			long wait = backoff.afterSuccess(interval, Duration.ofMillis(5)).toMillis();
			min = Math.min(min, wait);
			max = Math.max(max, wait);
			assertThat(backoff.failures()).isZero();
			assertThat(backoff.afterSuccess(interval, Duration.ofMillis(5))).as("in step again afterwards")
				.isEqualTo(interval);
			long held = backoff.afterSuccess(interval, Duration.ofSeconds(14)).toMillis();
			assertThat(held).isBetween(15_000L, 45_000L);
		}
		assertThat(min).isBetween(15_000L, 15_500L);
		assertThat(max).isBetween(44_500L, 45_000L);
	}

	@Test
	void aCheckInIsHeldFromTwoSecondsOrHalfAShortInterval() {
		assertThat(Backoff.held(Duration.ofMillis(1999), Duration.ofSeconds(30))).isFalse();
		assertThat(Backoff.held(Duration.ofSeconds(2), Duration.ofSeconds(30))).isTrue();
		assertThat(Backoff.held(Duration.ofMillis(600), Duration.ofSeconds(1))).isTrue();
		assertThat(Backoff.held(Duration.ofMillis(400), Duration.ofSeconds(1))).isFalse();
	}

}
