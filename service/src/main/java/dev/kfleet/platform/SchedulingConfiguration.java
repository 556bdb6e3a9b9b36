package dev.kfleet.platform;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs the modules' {@code @Scheduled} jobs (heartbeat flushes, cache refreshes, fleet
 * gauges).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {

}
