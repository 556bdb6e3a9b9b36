package dev.kfleet.agent.daemon;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet of 1,000 agents in virtual time, each with its own seeded {@link Backoff},
 * checking in every 30 s (± 10 %, as the service jitters it): the service refuses
 * connections for two minutes, or holds every request for a minute. The delays are the
 * daemon's own and the outcome is deterministic; ADR 0026 quotes these runs.
 */
class FleetRecoveryTests {

	static final int HOSTS = 1000;

	static final long INTERVAL = 30_000;

	static final long OUTAGE_START = 300_000;

	@Test
	void afterTwoMinutesWithoutTheServiceEveryAgentIsBackWithinOneInterval() {
		long recovery = OUTAGE_START + 120_000;
		long[] back = new long[HOSTS];
		for (int host = 0; host < HOSTS; host++) {
			back[host] = firstCheckInAfter(recovery, host, backoff(host), false) - recovery;
		}
		assertThat(max(back)).isLessThanOrEqualTo(INTERVAL);
		assertThat(within(back, 10_000)).as("a third of the interval: the fleet does not return at once")
			.isBetween(HOSTS / 5, HOSTS * 3 / 5);
	}

	@Test
	void aBackoffCappedAtFiveMinutesAloneBroughtAgentsBackLaterThanTwoIntervals() {
		long recovery = OUTAGE_START + 120_000;
		long[] back = new long[HOSTS];
		for (int host = 0; host < HOSTS; host++) {
			back[host] = firstCheckInAfter(recovery, host, backoff(host), true) - recovery;
		}
		assertThat(max(back)).isGreaterThan(2 * INTERVAL);
	}

	@Test
	void afterTheServiceHeldEveryRequestForAMinuteTheFleetDoesNotStayInLockstep() {
		long release = OUTAGE_START + 60_000;
		int seconds = (int) (3 * INTERVAL / 1000);
		int[] spread = new int[seconds];
		int[] lockstep = new int[seconds];
		for (int host = 0; host < HOSTS; host++) {
			checkInsAfterAStall(release, host, backoff(host)::afterSuccess, spread);
			checkInsAfterAStall(release, host, (interval, took) -> interval, lockstep);
		}
		int average = (int) (HOSTS / (INTERVAL / 1000));
		assertThat(peak(lockstep, 1, seconds)).as("the interval alone").isGreaterThan(4 * average);
		assertThat(peak(spread, 1, seconds)).as("spread after a held check-in").isLessThan(2 * average);
	}

	private static Backoff backoff(int host) {
		return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(host));
	}

	/**
	 * When an agent first checks in at or after the recovery, the service having refused
	 * every connection since the outage started; with {@code fiveMinutes}, the waits
	 * after failures are capped at 5 min instead of the interval, as before ADR 0026.
	 */
	private static long firstCheckInAfter(long recovery, int host, Backoff backoff, boolean fiveMinutes) {
		SplittableRandom service = new SplittableRandom(-host - 1);
		long t = (long) (service.nextDouble() * INTERVAL);
		while (t < recovery) {
			if (t >= OUTAGE_START) {
				if (fiveMinutes) {
					backoff.interval(Duration.ofMinutes(5));
				}
				t += backoff.next(Optional.empty()).toMillis();
			}
			else {
				t += backoff.afterSuccess(jittered(service), Duration.ofMillis(5)).toMillis();
			}
		}
		return t;
	}

	/**
	 * Counts, per second after the release, the answers an agent gets, its request sent
	 * during the stall having been held until the release.
	 */
	private static void checkInsAfterAStall(long release, int host, Schedule schedule, int[] perSecond) {
		SplittableRandom service = new SplittableRandom(-host - 1);
		long t = (long) (service.nextDouble() * INTERVAL);
		while (t < release + perSecond.length * 1000L) {
			long took = (t >= OUTAGE_START && t < release) ? release - t : 5;
			long answered = t + took;
			int second = (int) ((answered - release) / 1000);
			if (answered >= release && second < perSecond.length) {
				perSecond[second]++;
			}
			t = answered + schedule.afterSuccess(jittered(service), Duration.ofMillis(took)).toMillis();
		}
	}

	private static Duration jittered(SplittableRandom service) {
		return Duration.ofMillis((long) (INTERVAL * (0.9 + 0.2 * service.nextDouble())));
	}

	private static long max(long[] values) {
		long max = Long.MIN_VALUE;
		for (long value : values) {
			max = Math.max(max, value);
		}
		return max;
	}

	private static int within(long[] values, long limit) {
		int count = 0;
		for (long value : values) {
			count += (value <= limit) ? 1 : 0;
		}
		return count;
	}

	private static int peak(int[] perSecond, int from, int to) {
		int peak = 0;
		for (int second = from; second < to; second++) {
			peak = Math.max(peak, perSecond[second]);
		}
		return peak;
	}

	/** What an agent waits after an answer. */
	@FunctionalInterface
	interface Schedule {

		Duration afterSuccess(Duration interval, Duration took);

	}

}
