package dev.kfleet.platform;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsTests {

	final AtomicLong nanos = new AtomicLong();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final RateLimits limits = new RateLimits(new RateLimitProperties(1, 3, 100, 200, 10, 20), this.meters,
			this.nanos::get);

	@Test
	void aCallerGetsItsBurstThenWaitsAndOthersAreNotHeldUp() {
		RateLimits.Limiter<String> agents = this.limits.limiter(RateLimits.Api.AGENT, (host) -> host);
		for (int i = 0; i < 3; i++) {
			assertThat(agents.retryAfterSeconds("a")).isZero();
		}
		assertThat(agents.retryAfterSeconds("a")).isEqualTo(1);
		assertThat(agents.retryAfterSeconds("b")).isZero();
		assertThat(this.meters.counter("kfleet.requests.rate-limited", "api", "agent").count()).isEqualTo(1);
		assertThat(this.meters.counter("kfleet.requests.rate-limited", "api", "operator").count()).isZero();
	}

	@Test
	void idleBucketsAreDroppedOnceTheyWouldBeFullAgain() {
		RateLimits.Limiter<String> operators = this.limits.limiter(RateLimits.Api.OPERATOR, (token) -> token);
		for (int i = 0; i < 100; i++) {
			operators.retryAfterSeconds("token-" + i);
		}
		assertThat(operators.trackedCallers()).isEqualTo(100);
		// 20 requests refilled at 10/s: full again after 2 s
		this.nanos.addAndGet(Duration.ofMillis(1_900).toNanos());
		operators.retryAfterSeconds("token-0");
		assertThat(operators.trackedCallers()).isEqualTo(100);
		this.nanos.addAndGet(Duration.ofMillis(200).toNanos());
		assertThat(operators.trackedCallers()).isEqualTo(1);
	}

}
