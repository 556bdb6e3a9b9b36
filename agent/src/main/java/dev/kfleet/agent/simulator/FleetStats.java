package dev.kfleet.agent.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.ServerException;

/**
 * What the simulated fleet did: check-ins (full or hash only), enrollments, errors by
 * kind, actions by outcome, and check-in latency, in totals and per reporting period.
 */
final class FleetStats {

	final LongAdder checkIns = new LongAdder();

	final LongAdder fullReports = new LongAdder();

	final LongAdder enrollments = new LongAdder();

	final LongAdder transientErrors = new LongAdder();

	final LongAdder unauthorized = new LongAdder();

	final LongAdder clientErrors = new LongAdder();

	final LongAdder succeeded = new LongAdder();

	final LongAdder failed = new LongAdder();

	final LongAdder refused = new LongAdder();

	final LongAdder offline = new LongAdder();

	private final LatencyHistogram total = new LatencyHistogram();

	private LatencyHistogram period = new LatencyHistogram();

	private long periodCheckIns;

	private long periodErrors;

	void checkedIn(boolean full, long nanos) {
		this.checkIns.increment();
		if (full) {
			this.fullReports.increment();
		}
		this.total.record(nanos);
		this.period.record(nanos);
	}

	void failed(ServerException ex) {
		switch (ex.kind()) {
			case TRANSIENT -> this.transientErrors.increment();
			case UNAUTHORIZED -> this.unauthorized.increment();
			case CLIENT_ERROR, APPROVAL_REQUIRED -> this.clientErrors.increment();
		}
	}

	void applied(ActionResult result) {
		(result.outcome() == ActionOutcome.SUCCEEDED ? this.succeeded
				: result.outcome() == ActionOutcome.FAILED ? this.failed : this.refused)
			.increment();
	}

	long errors() {
		return this.transientErrors.sum() + this.unauthorized.sum() + this.clientErrors.sum();
	}

	/**
	 * Returns the line for the period since the last call.
	 * @param elapsed time since the start
	 * @param period the period's length
	 * @return the line
	 */
	synchronized String periodLine(Duration elapsed, Duration period) {
		LatencyHistogram latencies = this.period.drain();
		long checkIns = this.checkIns.sum();
		long errors = errors();
		double rate = (checkIns - this.periodCheckIns) / Math.max(0.001, period.toMillis() / 1000.0);
		String line = String.format(Locale.ROOT,
				"t=%ds check-ins/s=%.1f errors=%d p50=%s p99=%s total: check-ins=%d full=%d enrolled=%d errors=%d",
				elapsed.toSeconds(), rate, errors - this.periodErrors, millis(latencies.percentile(50)),
				millis(latencies.percentile(99)), checkIns, this.fullReports.sum(), this.enrollments.sum(), errors);
		this.periodCheckIns = checkIns;
		this.periodErrors = errors;
		return line;
	}

	String finalLine(Duration elapsed) {
		long checkIns = this.checkIns.sum();
		return String.format(Locale.ROOT,
				"done after %ds: check-ins=%d (%.1f/s) full-reports=%d hash-only=%d enrollments=%d errors=%d"
						+ " (transient=%d unauthorized=%d client=%d) offline-periods=%d p50=%s p99=%s"
						+ " actions: succeeded=%d failed=%d refused=%d",
				elapsed.toSeconds(), checkIns, checkIns / Math.max(0.001, elapsed.toMillis() / 1000.0),
				this.fullReports.sum(), checkIns - this.fullReports.sum(), this.enrollments.sum(), errors(),
				this.transientErrors.sum(), this.unauthorized.sum(), this.clientErrors.sum(), this.offline.sum(),
				millis(this.total.percentile(50)), millis(this.total.percentile(99)), this.succeeded.sum(),
				this.failed.sum(), this.refused.sum());
	}

	LatencyHistogram latencies() {
		return this.total;
	}

	static String millis(Duration duration) {
		return String.format(Locale.ROOT, "%.1fms", duration.toNanos() / 1e6);
	}

}
