package dev.kfleet.rollouts;

import java.util.Collection;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.kfleet.platform.DatabaseFailures;
import dev.kfleet.platform.FleetSnapshots;

/**
 * The rollouts' gauges on every replica: rollouts by feature and state, the hosts of
 * active rollouts by feature and host state, and drifted hosts by feature. One replica
 * counts them per {@code kfleet.rollouts.gauge-interval} (the {@code rollout-gauges}
 * fleet job, {@link RolloutGauges}); every replica reads what it stored every
 * {@code kfleet.rollouts.gauge-refresh-interval}, so all serve the same values (ADR
 * 0031). Labels are closed sets: never a rollout's id or name, never a host.
 */
@Component
class RolloutMetrics {

	private static final Logger log = LoggerFactory.getLogger(RolloutMetrics.class);

	private final FleetSnapshots snapshots;

	private final MultiGauge rollouts;

	private final MultiGauge hosts;

	private final MultiGauge drifted;

	RolloutMetrics(FleetSnapshots snapshots, MeterRegistry meters) {
		this.snapshots = snapshots;
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
			this.snapshots.find(RolloutGauges.Snapshot.NAME, RolloutGauges.Snapshot.class)
				.filter((snapshot) -> snapshot.rollouts() != null && snapshot.hosts() != null
						&& snapshot.drifted() != null)
				.ifPresent(this::show);
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the rollouts' gauges: {}", DatabaseFailures.describe(ex));
		}
	}

	private void show(RolloutGauges.Snapshot snapshot) {
		this.rollouts.register(rows(snapshot.rollouts()), true);
		this.hosts.register(rows(snapshot.hosts()), true);
		this.drifted.register(snapshot.drifted()
			.entrySet()
			.stream().<MultiGauge
					.Row<?>>map((e) -> MultiGauge.Row.of(Tags.of("feature", e.getKey()), e.getValue()))
			.toList(), true);
	}

	private static List<MultiGauge.Row<?>> rows(Collection<RolloutGauges.Count> counts) {
		return counts
			.stream().<MultiGauge
					.Row<?>>map(
							(c) -> MultiGauge.Row.of(Tags.of("feature", c.feature(), "state", c.state()), c.count()))
			.toList();
	}

}
