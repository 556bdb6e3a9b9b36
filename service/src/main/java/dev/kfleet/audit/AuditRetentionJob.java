package dev.kfleet.audit;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.platform.FleetJob;

/**
 * The {@code audit-retention} fleet job (ADR 0031, 0040): once an hour, on one replica of
 * the fleet, it deletes the events older than {@code kfleet.audit.retention}, at most
 * {@value #MAX_BATCHES} batches of {@value #BATCH_SIZE} per run (a million events).
 */
@Configuration(proxyBeanMethods = false)
class AuditRetentionJob {

	/** Events per delete statement and transaction. */
	static final int BATCH_SIZE = 10_000;

	/** Batches per run. */
	static final int MAX_BATCHES = 100;

	/** The time between the end of a run and the start of the next. */
	static final Duration PERIOD = Duration.ofHours(1);

	@Bean
	AuditRetention auditRetention(AuditEventRepository events, TransactionTemplate transaction,
			AuditProperties properties, Clock clock, MeterRegistry meters) {
		return new AuditRetention(events, transaction, properties.retention(), clock, meters, BATCH_SIZE, MAX_BATCHES);
	}

	@Bean
	FleetJob auditRetentionFleetJob(AuditRetention retention) {
		return new FleetJob("audit-retention", PERIOD, retention::run);
	}

}
