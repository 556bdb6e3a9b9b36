package dev.kfleet.rollouts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.kfleet.platform.DatabaseFailures;

/**
 * The rollouts' gauges on every replica, read from the database: rollouts by feature and
 * state, and the hosts of active rollouts by feature and host state. Labels are closed
 * sets: never a rollout's id or name, never a host.
 */
@Component
class RolloutMetrics {

	private static final Logger log = LoggerFactory.getLogger(RolloutMetrics.class);

	private final JdbcClient jdbc;

	private final MultiGauge rollouts;

	private final MultiGauge hosts;

	private final MultiGauge drifted;

	RolloutMetrics(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.rollouts = MultiGauge.builder("kfleet.rollouts")
			.description("Rollouts by feature and state")
			.register(meters);
		this.hosts = MultiGauge.builder("kfleet.rollouts.hosts")
			.description("Hosts of active rollouts by feature and the host's state in its rollout")
			.register(meters);
		this.drifted = MultiGauge.builder("kfleet.rollouts.drifted-hosts")
			.description("Hosts whose report left the target of the completed rollout that set it, by feature")
			.register(meters);
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${kfleet.rollouts.gauge-refresh-interval:5s}")
	void refresh() {
		try {
			Map<Tags, Long> byState = new LinkedHashMap<>();
			for (Feature feature : Feature.values()) {
				for (RolloutState state : RolloutState.values()) {
					byState.put(Tags.of("feature", feature.value(), "state", state.value()), 0L);
				}
			}
			this.jdbc.sql("SELECT feature, state, count(*) AS n FROM rollout GROUP BY feature, state").query((rs) -> {
				byState.put(Tags.of("feature", rs.getString("feature"), "state", rs.getString("state")),
						rs.getLong("n"));
			});
			List<MultiGauge.Row<?>> rollouts = new ArrayList<>();
			byState.forEach((tags, count) -> rollouts.add(MultiGauge.Row.of(tags, count)));
			this.rollouts.register(rollouts, true);
			List<MultiGauge.Row<?>> hosts = new ArrayList<>();
			this.jdbc.sql("""
					SELECT r.feature, rh.state, count(*) AS n
					FROM rollout r JOIN rollout_host rh ON rh.rollout_id = r.id
					WHERE r.state IN ('pending', 'running', 'paused', 'rolling-back')
					GROUP BY r.feature, rh.state""").query((rs) -> {
				hosts.add(MultiGauge.Row.of(Tags.of("feature", rs.getString("feature"), "state", rs.getString("state")),
						rs.getLong("n")));
			});
			this.hosts.register(hosts, true);
			Map<String, Long> drifted = new LinkedHashMap<>();
			for (Feature feature : Feature.values()) {
				drifted.put(feature.value(), 0L);
			}
			this.jdbc.sql("SELECT feature, count(*) AS n FROM rollout_host WHERE drifted GROUP BY feature")
				.query((rs) -> {
					drifted.put(rs.getString("feature"), rs.getLong("n"));
				});
			this.drifted.register(drifted.entrySet()
				.stream().<MultiGauge
						.Row<?>>map((e) -> MultiGauge.Row.of(Tags.of("feature", e.getKey()), e.getValue()))
				.toList(), true);
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the rollouts' gauges: {}", DatabaseFailures.describe(ex));
		}
	}

}
