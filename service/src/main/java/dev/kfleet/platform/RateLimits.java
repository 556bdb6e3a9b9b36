package dev.kfleet.platform;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A token bucket per caller and API (Bucket4j), on this replica (ADR 0027). A bucket that
 * went unused for as long as it takes to refill completely is dropped: it is full again,
 * so dropping it loses nothing, and the memory held is bounded by the callers active in
 * that time (and by {@value #MAX_CALLERS} per API whatever happens).
 */
@Component
public class RateLimits {

	/**
	 * The most callers tracked per API; beyond it the least recently seen are dropped.
	 */
	static final long MAX_CALLERS = 1_000_000;

	private final RateLimitProperties properties;

	private final MeterRegistry meters;

	private final Ticker ticker;

	@Autowired
	RateLimits(RateLimitProperties properties, MeterRegistry meters) {
		this(properties, meters, Ticker.systemTicker());
	}

	RateLimits(RateLimitProperties properties, MeterRegistry meters, Ticker ticker) {
		this.properties = properties;
		this.meters = meters;
		this.ticker = ticker;
	}

	/**
	 * The limiter of one API, whose callers are told apart by {@code caller}.
	 * @param <P> the principal the API's credential resolves to
	 */
	public <P> Limiter<P> limiter(Api api, Function<P, Object> caller) {
		return switch (api) {
			case AGENT -> limiter(api, caller, this.properties.agentRequestsPerSecond(), this.properties.agentBurst());
			case ENROLL ->
				limiter(api, caller, this.properties.enrollRequestsPerSecond(), this.properties.enrollBurst());
			case OPERATOR ->
				limiter(api, caller, this.properties.operatorRequestsPerSecond(), this.properties.operatorBurst());
		};
	}

	private <P> Limiter<P> limiter(Api api, Function<P, Object> caller, int perSecond, int burst) {
		Bandwidth bandwidth = Bandwidth.builder()
			.capacity(burst)
			.refillGreedy(perSecond, Duration.ofSeconds(1))
			.build();
		long refillMillis = Math.max(1_000, (long) Math.ceil(burst * 1_000.0 / perSecond));
		Cache<Object, Bucket> buckets = Caffeine.newBuilder()
			.expireAfterAccess(Duration.ofMillis(refillMillis))
			.maximumSize(MAX_CALLERS)
			.ticker(this.ticker)
			.build();
		Counter rejected = Counter.builder("kfleet.requests.rate-limited")
			.description("Requests refused with 429 because their caller went over its rate limit")
			.tag("api", api.name().toLowerCase(Locale.ROOT))
			.register(this.meters);
		return new Limiter<>(caller, bandwidth, buckets, rejected);
	}

	/** The APIs that are limited apart. */
	public enum Api {

		/** Check-ins and pings, per host token. */
		AGENT,

		/** Enrollments, per enrollment secret. */
		ENROLL,

		/** The operator API (and the actuator with a token), per API token. */
		OPERATOR

	}

	/**
	 * The buckets of one API.
	 *
	 * @param <P> the principal a caller is known by
	 */
	public static final class Limiter<P> {

		private final Function<P, Object> caller;

		private final Bandwidth bandwidth;

		private final Cache<Object, Bucket> buckets;

		private final Counter rejected;

		Limiter(Function<P, Object> caller, Bandwidth bandwidth, Cache<Object, Bucket> buckets, Counter rejected) {
			this.caller = caller;
			this.bandwidth = bandwidth;
			this.buckets = buckets;
			this.rejected = rejected;
		}

		/**
		 * Takes one request from the caller's bucket.
		 * @return 0 when the request may go on, else the whole seconds (at least 1) until
		 * the caller may send another
		 */
		public long retryAfterSeconds(P principal) {
			Bucket bucket = this.buckets.get(this.caller.apply(principal), (key) -> newBucket());
			ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
			if (probe.isConsumed()) {
				return 0;
			}
			this.rejected.increment();
			return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
		}

		/** How many callers have a bucket now (idle ones dropped first). */
		long trackedCallers() {
			this.buckets.cleanUp();
			return this.buckets.estimatedSize();
		}

		private Bucket newBucket() {
			return Bucket.builder().addLimit(this.bandwidth).build();
		}

	}

}
