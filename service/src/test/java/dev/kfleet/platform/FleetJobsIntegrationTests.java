package dev.kfleet.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.kfleet.KillablePostgres;
import dev.kfleet.ServiceInstance;
import dev.kfleet.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas over one database: a fleet job runs on one of them per period, never on
 * both, and goes on on the survivor when the one running it stops.
 */
class FleetJobsIntegrationTests {

	static final Duration PERIOD = Duration.ofMillis(400);

	static final List<Run> RUNS = new CopyOnWriteArrayList<>();

	@Test
	void aFleetJobRunsOncePerPeriodOverAllReplicasAndMovesToTheSurvivor() {
		Map<String, Object> fast = Map.of("kfleet.jobs.polling-interval", "100ms", "kfleet.jobs.heartbeat-interval",
				"500ms");
		Map<String, Object> first = new java.util.HashMap<>(fast);
		first.put("test.replica", "first");
		Map<String, Object> second = new java.util.HashMap<>(fast);
		second.put("test.replica", "second");
		try (KillablePostgres postgres = KillablePostgres.start()) {
			TestDatabase database = postgres.createDatabase("kfleet");
			ServiceInstance one = ServiceInstance.start(database, first, ProbeJob.class);
			try (ServiceInstance two = ServiceInstance.start(database, second, ProbeJob.class)) {
				await().atMost(Duration.ofMinutes(1))
					.until(() -> RUNS.size() >= 20 && RUNS.stream().map(Run::replica).distinct().count() == 2);
				one.close();
				int stopped = RUNS.size();
				await().atMost(Duration.ofMinutes(1)).until(() -> RUNS.size() >= stopped + 10);
				List<Run> runs = new ArrayList<>(RUNS);
				assertThat(runs.subList(stopped, runs.size())).as("runs after the first replica stopped")
					.extracting(Run::replica)
					.containsOnly("second");
				runs.sort(Comparator.comparing(Run::startNanos));
				for (int i = 1; i < runs.size(); i++) {
					long gap = runs.get(i).startNanos() - runs.get(i - 1).endNanos();
					assertThat(Duration.ofNanos(gap)).as("from the end of run %d to the start of run %d", i - 1, i)
						.isGreaterThanOrEqualTo(PERIOD.multipliedBy(3).dividedBy(4));
				}
			}
			finally {
				one.close();
			}
		}
	}

	/**
	 * One run of the probe job.
	 *
	 * @param replica the replica that ran it
	 * @param startNanos when it started
	 * @param endNanos when it ended
	 */
	record Run(String replica, long startNanos, long endNanos) {
	}

	/** A fleet job that records its runs, taking a moment each. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ProbeJob {

		@Bean
		FleetJob probeJob(@Value("${test.replica}") String replica) {
			return new FleetJob("probe", PERIOD, () -> {
				long start = System.nanoTime();
				sleep(Duration.ofMillis(50));
				RUNS.add(new Run(replica, start, System.nanoTime()));
			});
		}

		private static void sleep(Duration duration) {
			try {
				Thread.sleep(duration);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
