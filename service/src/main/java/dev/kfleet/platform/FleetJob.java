package dev.kfleet.platform;

import java.time.Duration;

/**
 * Work that must be done once per period for the whole fleet, not once per replica (the
 * fleet aggregates, the stale-host scan, the rollout reconciler): a module declares it as
 * a bean, and {@link FleetJobs} runs it on exactly one replica per period, on another
 * when that one dies (ADR 0031).
 *
 * @param name a stable name, unique among the jobs (it keys the job's row in the
 * database)
 * @param period the time from the end of one run to the start of the next
 * @param work what a run does; a run that throws is logged, counted as failed, and the
 * job runs again after its period
 */
public record FleetJob(String name, Duration period, Runnable work) {

	public FleetJob {
		if (!name.matches("[a-z][a-z0-9-]{0,62}")) {
			throw new IllegalArgumentException("A fleet job's name is lowercase letters, digits and -: " + name);
		}
		if (period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("A fleet job's period is positive: " + period);
		}
	}

}
