package dev.kfleet.agent.simulator;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTests {

	@Test
	void percentilesAreWithinTheBucketPrecision() {
		LatencyHistogram histogram = new LatencyHistogram();
		for (int ms = 1; ms <= 100; ms++) {
			histogram.record(Duration.ofMillis(ms).toNanos());
		}
		assertThat(histogram.count()).isEqualTo(100);
		assertThat(histogram.percentile(50).toNanos() / 1e6).isBetween(50.0, 50.0 * 1.07);
		assertThat(histogram.percentile(99).toNanos() / 1e6).isBetween(99.0, 99.0 * 1.07);
	}

	@Test
	void everyValueFallsInABucketWhoseUpperBoundIsNotBelowIt() {
		for (long micros = 1; micros < 5_000_000; micros = micros * 3 / 2 + 1) {
			int bucket = LatencyHistogram.bucket(micros);
			assertThat(LatencyHistogram.upperMicros(bucket)).isGreaterThanOrEqualTo(micros)
				.isLessThanOrEqualTo((long) (micros * 1.07) + 1);
		}
	}

	@Test
	void drainingStartsANewPeriod() {
		LatencyHistogram histogram = new LatencyHistogram();
		histogram.record(1_000_000);
		assertThat(histogram.drain().count()).isEqualTo(1);
		assertThat(histogram.count()).isZero();
		assertThat(histogram.percentile(99)).isEqualTo(Duration.ZERO);
	}

}
