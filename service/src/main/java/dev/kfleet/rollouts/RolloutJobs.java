package dev.kfleet.rollouts;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kfleet.platform.FleetJob;

/**
 * The rollout reconciler and the drift scan, fleet jobs: one replica at a time runs each
 * (ADR 0031).
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

}
