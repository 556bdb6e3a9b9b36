package dev.kfleet.reports;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.platform.FleetJob;
import dev.kfleet.platform.FleetSnapshots;

/**
 * The fleet job that computes the fleet's aggregates and stores them, on one replica per
 * {@code kfleet.reports.fleet-metrics-interval} (ADR 0031), for every replica's gauges.
 * It recomputes every period rather than when told that observations changed: listening
 * to every batch of changed check-ins cost the changed check-in a fifth of its rate, and
 * five grouped queries over the fleet every 30 s on one replica cost little
 * ({@code docs/benchmarks.md}, "Events on the changed check-in").
 */
@Configuration(proxyBeanMethods = false)
class FleetSnapshotJob {

	private static final Logger log = LoggerFactory.getLogger(FleetSnapshotJob.class);

	@Bean
	FleetJob fleetAggregatesJob(FleetAggregates aggregates, FleetSnapshots snapshots, TransactionTemplate transaction,
			ReportsProperties properties, Clock clock) {
		return new FleetJob("fleet-aggregates", properties.fleetMetricsInterval(),
				() -> transaction.executeWithoutResult((status) -> {
					Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
					snapshots.store(FleetSnapshot.NAME, aggregates.compute(now));
					log.debug("Fleet aggregates recomputed");
				}));
	}

}
