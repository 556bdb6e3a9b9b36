package dev.kfleet.observations;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.platform.FleetJob;

/**
 * The stale-host scan, a fleet job run on one replica every check-in interval (ADR 0031):
 * it marks the agents that went stale or came back since the last scan
 * ({@code host_agent.stale}) and announces them as {@link ObservationsChanged}
 * ({@code STALENESS}, at most {@value #EVENT_HOSTS} hosts per event), in one statement
 * and one transaction.
 */
@Configuration(proxyBeanMethods = false)
class StaleHostScan {

	private static final Logger log = LoggerFactory.getLogger(StaleHostScan.class);

	/**
	 * Hosts per event: when a whole fleet goes stale at once (a network partition), its
	 * announcement is many events of bounded size (each a row of the event registry,
	 * about 60 KB), not one of megabytes.
	 */
	static final int EVENT_HOSTS = 1_000;

	@Bean
	FleetJob staleHostScanJob(JdbcClient jdbc, TransactionTemplate transaction, ApplicationEventPublisher events,
			HostProperties properties, Clock clock) {
		return new FleetJob("stale-host-scan", properties.checkInInterval(),
				() -> transaction.executeWithoutResult((status) -> {
					List<UUID> changed = scan(jdbc, Timestamp.from(properties.staleBefore(clock.instant())));
					if (!changed.isEmpty()) {
						log.info("{} hosts' agents went stale or came back", changed.size());
						for (int from = 0; from < changed.size(); from += EVENT_HOSTS) {
							events.publishEvent(new ObservationsChanged(
									changed.subList(from, Math.min(from + EVENT_HOSTS, changed.size()))
										.stream()
										.map((hostId) -> new ObservationsChanged.HostChanged(hostId,
												EnumSet.of(ObservationsChanged.Aspect.STALENESS)))
										.toList()));
						}
					}
				}));
	}

	private static List<UUID> scan(JdbcClient jdbc, Timestamp staleBefore) {
		// Rows are locked in id order, as the heartbeat and report batches lock them, so
		// that the scan and a flush never deadlock (they did at 100,000 hosts).
		return jdbc.sql("""
				WITH flipped AS (SELECT host_id FROM host_agent
				                 WHERE stale IS DISTINCT FROM COALESCE(last_seen_at < ?, false)
				                 ORDER BY host_id FOR UPDATE)
				UPDATE host_agent a SET stale = COALESCE(a.last_seen_at < ?, false)
				FROM flipped WHERE a.host_id = flipped.host_id
				      AND a.stale IS DISTINCT FROM COALESCE(a.last_seen_at < ?, false)
				RETURNING a.host_id""").params(staleBefore, staleBefore, staleBefore).query(UUID.class).list();
	}

}
