package dev.kfleet.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the audit events older than {@code kfleet.audit.retention}, the oldest first,
 * in batches of {@code batchSize} events, each batch a transaction of its own (short
 * locks, bounded WAL), at most {@code maxBatches} per run: a backlog (a retention
 * shortened, a replica down for long) is worked off over several runs. Deleted events are
 * counted in {@code kfleet.audit.events.deleted}. Run by the {@code audit-retention}
 * fleet job ({@link AuditRetentionJob}), once per fleet.
 */
class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	private final AuditEventRepository events;

	private final TransactionTemplate transaction;

	private final Duration retention;

	private final Clock clock;

	private final Counter deleted;

	private final int batchSize;

	private final int maxBatches;

	AuditRetention(AuditEventRepository events, TransactionTemplate transaction, Duration retention, Clock clock,
			MeterRegistry meters, int batchSize, int maxBatches) {
		this.events = events;
		this.transaction = transaction;
		this.retention = retention;
		this.clock = clock;
		this.deleted = Counter.builder("kfleet.audit.events.deleted")
			.description("Audit events deleted because they were older than kfleet.audit.retention")
			.register(meters);
		this.batchSize = batchSize;
		this.maxBatches = maxBatches;
	}

	/** Deletes what is due, up to the bound of a run; says how many events it deleted. */
	long run() {
		Instant cutoff = this.clock.instant().minus(this.retention);
		long total = 0;
		for (int batch = 0; batch < this.maxBatches; batch++) {
			Integer count = this.transaction.execute((status) -> this.events.deleteOlderThan(cutoff, this.batchSize));
			int deleted = (count != null) ? count : 0;
			this.deleted.increment(deleted);
			total += deleted;
			if (deleted < this.batchSize) {
				break;
			}
		}
		if (total > 0) {
			log.info("Deleted {} audit events from before {} (retention {})", total, cutoff, this.retention);
		}
		return total;
	}

}
