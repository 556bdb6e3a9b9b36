package dev.kfleet.reports;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.platform.FleetJob;

/**
 * The fleet jobs of the reports (ADR 0031): {@code fleet-reports} computes the memory and
 * VDUSE reports of the whole fleet every {@code kfleet.reports.fleet-metrics-interval}
 * and stores them for every replica; {@code memory-history} writes the day's history rows
 * and deletes those older than {@code kfleet.reports.history-retention} every
 * {@code kfleet.reports.history-interval} (ADR 0042).
 */
@Configuration(proxyBeanMethods = false)
class FleetReportJob {

	@Bean
	FleetJob fleetReportsJob(FleetReports reports, FleetReportRepository stored, TransactionTemplate transaction,
			ReportsProperties properties, Clock clock) {
		return new FleetJob("fleet-reports", properties.fleetMetricsInterval(), () -> {
			FleetReport report = reports.computeFleet(clock.instant().truncatedTo(ChronoUnit.MICROS));
			transaction.executeWithoutResult((status) -> stored.store(report));
		});
	}

	@Bean
	FleetJob memoryHistoryJob(MemoryHistory history, ReportsProperties properties) {
		return new FleetJob("memory-history", properties.historyInterval(), history::writeToday);
	}

}
