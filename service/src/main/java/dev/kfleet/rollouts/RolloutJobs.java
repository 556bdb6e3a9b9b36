package dev.kfleet.rollouts;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kfleet.platform.FleetJob;
import dev.kfleet.platform.FleetSnapshots;

/**
 * The rollout reconciler, the drift scan and the rollouts' gauges, fleet jobs: one
 * replica at a time runs each (ADR 0031).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RolloutsProperties.class)
class RolloutJobs {

	@Bean
	FleetJob rolloutReconcilerJob(RolloutReconciler reconciler, RolloutsProperties properties) {
		return new FleetJob("rollout-reconciler", properties.reconcileInterval(), reconciler::reconcileAll);
	}

	@Bean
	FleetJob rolloutDriftScanJob(DriftScan scan, RolloutsProperties properties) {
		return new FleetJob("rollout-drift-scan", properties.driftScanInterval(), scan::scan);
	}

	@Bean
	FleetJob rolloutGaugesJob(RolloutGauges gauges, FleetSnapshots snapshots, RolloutsProperties properties) {
		return new FleetJob("rollout-gauges", properties.gaugeInterval(),
				() -> snapshots.store(RolloutGauges.Snapshot.NAME, gauges.count()));
	}

}
