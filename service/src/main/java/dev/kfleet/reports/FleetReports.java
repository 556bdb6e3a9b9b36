package dev.kfleet.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.observations.ObservationService;

/**
 * Computes the reports, live over a scope or for the whole fleet, each in one
 * repeatable-read transaction so that its figures come from one snapshot of the database
 * and add up. The groupings kept for the fleet are the built-in ones and the label keys
 * of {@code kfleet.reports.group-label-keys}.
 */
@Component
class FleetReports {

	private final MemoryAggregates memory;

	private final VduseAggregates vduse;

	private final ObservationService observations;

	private final ReportsProperties properties;

	private final TransactionTemplate snapshot;

	FleetReports(MemoryAggregates memory, VduseAggregates vduse, ObservationService observations,
			ReportsProperties properties, PlatformTransactionManager transactions) {
		this.memory = memory;
		this.vduse = vduse;
		this.observations = observations;
		this.properties = properties;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
	}

	/** The groupings kept for the whole fleet (stored, and written to the history). */
	List<Grouping> keptGroupings() {
		List<Grouping> groupings = new ArrayList<>(Grouping.BUILT_IN);
		this.properties.groupLabelKeys().forEach((key) -> groupings.add(Grouping.label("groupLabelKeys", key)));
		return groupings;
	}

	/** The reports of the whole fleet now, to be stored. */
	FleetReport computeFleet(Instant now) {
		return inSnapshot(() -> {
			Instant staleBefore = this.observations.staleBefore();
			MemoryAggregates.FleetFigures figures = this.memory.fleet(staleBefore, keptGroupings(),
					FleetReport.MAX_STORED_GROUPS);
			return new FleetReport(now, figures.totals(), this.memory.unsupportedReasons(HostScope.FLEET),
					figures.groupings(), this.vduse.summary(HostScope.FLEET));
		});
	}

	<T> T inSnapshot(Supplier<T> work) {
		T result = this.snapshot.execute((status) -> work.get());
		if (result == null) {
			throw new IllegalStateException("no result");
		}
		return result;
	}

}
