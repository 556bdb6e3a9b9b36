package dev.kfleet.agents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.KillablePostgres;
import dev.kfleet.ServiceInstance;
import dev.kfleet.agent.daemon.AgentConfig;
import dev.kfleet.agent.daemon.CheckInCycle;
import dev.kfleet.agent.daemon.CycleOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database crashes right after it acknowledged changed reports (committed without
 * waiting for the disk, ADR 0009), and comes back without them: within three check-in
 * intervals of its return, every host's stored state is its kernel's again. Real agents
 * (the daemon's own cycle, over copies of a captured kernel), the whole service, and a
 * PostgreSQL this test kills with SIGKILL.
 */
class DatabaseCrashIntegrationTests {

	static final int HOSTS = 24;

	static final Duration INTERVAL = Duration.ofMillis(1500);

	static final String POOL = "sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages";

	static final String NODE_POOL = "sys/devices/system/node/node0/hugepages/hugepages-2048kB/free_hugepages";

	@TempDir
	Path work;

	@Test
	void afterACrashThatLostAcknowledgedReportsEveryHostsStoredStateIsItsKernelsWithinThreeIntervals()
			throws Exception {
		// WAL of asynchronous commits reaches the disk only every 10 s, so the crash
		// loses every report acknowledged in the last seconds (a durable commit would
		// flush them: none happens after the enrollments).
		try (KillablePostgres postgres = KillablePostgres
			.start(Map.of("wal_writer_delay", "10s", "wal_writer_flush_after", "1GB"));
				ServiceInstance service = ServiceInstance.start(postgres.createDatabase("kfleet"),
						Map.of("kfleet.database.probe-interval", "200ms", "kfleet.hosts.heartbeat-flush-interval", "1s",
								// no fleet job commits (durably, flushing the WAL) during
								// the test: the rollouts' gauges (every 500 ms in a
								// ServiceInstance) and reconciler too
								"kfleet.reports.fleet-metrics-interval", "1h", "kfleet.rollouts.gauge-interval", "1h",
								"kfleet.rollouts.reconcile-interval", "1h", "kfleet.rollouts.drift-scan-interval",
								"1h"))) {
			ApiClient admin = service.client().as(KfleetIntegrationTest.ADMIN_TOKEN);
			Path secret = Files.writeString(this.work.resolve("secret"), AgentFixtures.enrollmentSecret(admin));
			List<Agent> agents = new ArrayList<>();
			for (int i = 0; i < HOSTS; i++) {
				agents.add(Agent.open(this.work.resolve("host-" + i), service.port(), secret));
			}
			try {
				round(agents);
				round(agents);
				Thread.sleep(INTERVAL.toMillis());
				agents.forEach((agent) -> agent.usePages(27));
				for (CycleOutcome changed : round(agents)) {
					assertThat(changed.fullReportSent() && changed.accepted()).as(changed.toString()).isTrue();
				}
				postgres.crash();
				await().untilAsserted(
						() -> assertThat(service.client().withoutContractChecks().get("/actuator/health").status())
							.isEqualTo(503));
				postgres.restart();
				await().untilAsserted(
						() -> assertThat(service.client().withoutContractChecks().get("/actuator/health").status())
							.isEqualTo(200));
				JdbcClient database = JdbcClient
					.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(
							postgres.connect("kfleet", Duration.ofSeconds(30)), true));
				assertThat(wrong(database, agents)).as("hosts whose acknowledged report the crash lost").isPositive();
				for (int interval = 1; interval <= 3; interval++) {
					Thread.sleep(INTERVAL.toMillis());
					round(agents);
				}
				assertThat(wrong(database, agents)).as("hosts whose stored state is not their kernel's").isZero();
			}
			finally {
				agents.forEach(Agent::close);
			}
		}
	}

	/** One check-in of every agent, all at once. */
	private static List<CycleOutcome> round(List<Agent> agents) throws Exception {
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<CycleOutcome>> outcomes = agents.stream()
				.map((agent) -> threads.submit(agent::checkIn))
				.toList();
			List<CycleOutcome> done = new ArrayList<>();
			for (Future<CycleOutcome> outcome : outcomes) {
				done.add(outcome.get());
			}
			return done;
		}
	}

	/** How many hosts' stored free 2 MiB pages differ from their kernel's. */
	private static long wrong(JdbcClient database, List<Agent> agents) {
		return agents.stream().filter((agent) -> {
			List<Long> stored = database
				.sql("SELECT free FROM host_hugetlb_pool WHERE host_id = ? AND page_size_bytes = 2097152")
				.param(UUID.fromString(agent.hostId))
				.query(Long.class)
				.list();
			return !stored.equals(List.of(agent.free()));
		}).count();
	}

	/** A real agent over its own copy of a captured kernel with 128 free 2 MiB pages. */
	static final class Agent implements AutoCloseable {

		final Path root;

		final CheckInCycle cycle;

		final ByteArrayOutputStream log = new ByteArrayOutputStream();

		String hostId = "";

		Agent(Path root, CheckInCycle cycle) {
			this.root = root;
			this.cycle = cycle;
		}

		static Agent open(Path directory, int port, Path secret) throws Exception {
			Path root = AgentReports.copy(AgentReports.HVO_ON_128, directory.resolve("fs"));
			AgentConfig config = AgentConfig.defaults(URI.create("http://localhost:" + port), secret)
				.withRoot(root)
				.withStateDir(directory.resolve("state"))
				.withSysctlDropIn(directory.resolve("90-kfleet-hvo.conf"));
			ByteArrayOutputStream log = new ByteArrayOutputStream();
			Agent agent = new Agent(root,
					CheckInCycle.open(config, new PrintStream(log, true, StandardCharsets.UTF_8)));
			return agent;
		}

		CycleOutcome checkIn() throws InterruptedException {
			CycleOutcome outcome = this.cycle.runOnce();
			outcome.hostId().ifPresent((id) -> this.hostId = id);
			return outcome;
		}

		/** Takes pages from the pool: the kernel changed. */
		void usePages(int pages) {
			try {
				String free = Long.toString(128 - pages);
				Files.writeString(this.root.resolve(POOL), free + "\n");
				Files.writeString(this.root.resolve(NODE_POOL), free + "\n");
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		long free() {
			try {
				return Long.parseLong(Files.readString(this.root.resolve(POOL)).trim());
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		@Override
		public void close() {
			this.cycle.close();
		}

	}

}
