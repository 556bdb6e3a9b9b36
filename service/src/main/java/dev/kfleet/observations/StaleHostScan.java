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
 * ({@code STALENESS}), in one statement and one transaction.
 */
@Configuration(proxyBeanMethods = false)
class StaleHostScan {

	private static final Logger log = LoggerFactory.getLogger(StaleHostScan.class);

	@Bean
	FleetJob staleHostScanJob(JdbcClient jdbc, TransactionTemplate transaction, ApplicationEventPublisher events,
			HostProperties properties, Clock clock) {
		return new FleetJob("stale-host-scan", properties.checkInInterval(),
				() -> transaction.executeWithoutResult((status) -> {
					List<UUID> changed = scan(jdbc, Timestamp.from(properties.staleBefore(clock.instant())));
					if (!changed.isEmpty()) {
						log.info("{} hosts' agents went stale or came back", changed.size());
						events.publishEvent(new ObservationsChanged(changed.stream()
							.map((hostId) -> new ObservationsChanged.HostChanged(hostId,
									EnumSet.of(ObservationsChanged.Aspect.STALENESS)))
							.toList()));
					}
				}));
	}

	private static List<UUID> scan(JdbcClient jdbc, Timestamp staleBefore) {
		return jdbc.sql("""
				UPDATE host_agent SET stale = COALESCE(last_seen_at < ?, false)
				WHERE stale IS DISTINCT FROM COALESCE(last_seen_at < ?, false)
				RETURNING host_id""").params(staleBefore, staleBefore).query(UUID.class).list();
	}

}
