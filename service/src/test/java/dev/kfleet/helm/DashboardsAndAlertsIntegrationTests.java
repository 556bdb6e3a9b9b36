package dev.kfleet.helm;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.KillablePostgres;
import dev.kfleet.ServiceInstance;
import dev.kfleet.agent.simulator.FaultRates;
import dev.kfleet.agent.simulator.FleetSimulator;
import dev.kfleet.agent.simulator.SimulatorConfig;
import dev.kfleet.agents.AgentReports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboards and the alert rules, run on a real Prometheus scraping a running service
 * (ADR 0043). A simulated fleet checks in, labelled by rack (the group label); its VDUSE
 * devices are orphaned; half its kernels fail actions, so that a rollout halts; one rack
 * stops checking in (stale after ten check-in intervals of 1 s: fewer would make a loaded
 * machine's late agents stale too); a host drifts from a completed rollout; an agent
 * sends check-ins that break the contract. Then every expression of every dashboard panel
 * (with Grafana's variables filled in) must return series and no NaN, and every alert
 * must fire, except the one whose bad state the test cannot cause (a fleet job that does
 * not run), whose signal must return a series per fleet job; {@code promtool test rules}
 * proves its threshold ({@link AlertRulesTests}). Skipped without {@code prometheus} and
 * {@code promtool} (Debian's {@code prometheus} package; {@code .ci/run} installs it).
 */
class DashboardsAndAlertsIntegrationTests {

	static final String JOB = "kfleet";

	/** The alerts whose bad state the test does not cause: their signal is checked. */
	static final Set<String> SIGNAL_ONLY = Set.of("KfleetFleetJobNotRun");

	/** Grafana's variables as the test fills them in. */
	static final Map<String, String> VARIABLES = Map.of("$job", JOB, "$group", ".*", "$instance", ".*",
			"$__rate_interval", "20s", "$__range", "5m");

	static KillablePostgres postgres;

	static ServiceInstance service;

	static Prometheus prometheus;

	static final List<Thread> simulators = new ArrayList<>();

	/**
	 * The agent of the drifted host, which also sends check-ins that break the contract.
	 */
	static ApiClient drifting;

	@BeforeAll
	static void driveAFleetIntoTroubleUnderPrometheus() throws Exception {
		assumeTrue(Prometheus.installed(),
				"prometheus and promtool are not installed (Debian: apt-get install prometheus; .ci/run installs them)");
		postgres = KillablePostgres.start();
		service = ServiceInstance.start(postgres.createDatabase("prometheus"),
				Map.of("kfleet.hosts.check-in-interval", "1s", "kfleet.hosts.stale-after-intervals", 10,
						"kfleet.rollouts.reconcile-interval", "200ms", "kfleet.rollouts.gauge-refresh-interval",
						"200ms", "kfleet.rollouts.drift-scan-interval", "500ms", "kfleet.reports.metrics-group-label",
						"rack", "kfleet.reports.metrics-max-groups", 1));
		prometheus = Prometheus.start(JOB, "127.0.0.1:" + service.port(), "/actuator/prometheus",
				List.of(AlertRulesTests.RULES));
		// The counters' zeros scraped before anything happens: an increase needs them.
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> !prometheus.query("kfleet_rollouts_halts_total{job=\"" + JOB + "\"}")
				.path("result")
				.isEmpty());
		ApiClient admin = admin();
		simulate(secret(admin, "{\"name\":\"r1\",\"labels\":{\"fleet\":\"sim\",\"rack\":\"r1\"}}"), 40, 7,
				new FaultRates(0.5, 0, 0, 0, 1));
		Thread leaving = simulate(secret(admin, "{\"name\":\"r2\",\"labels\":{\"rack\":\"r2\"}}"), 15, 8,
				FaultRates.NONE);
		JdbcClient jdbc = service.bean(JdbcClient.class);
		await().atMost(Duration.ofMinutes(2))
			.until(() -> jdbc.sql("SELECT count(*) FROM host_state").query(Long.class).single() == 55);
		leaving.interrupt();
		leaving.join(Duration.ofMinutes(1));
		String halting = create(admin, """
				{"name":"halts","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"fleet=sim"},
				 "waves":["50%","100%"],"failureBudget":{"perWave":"5%","overall":"5%"},"hostDeadline":"PT1M"}""");
		assertThat(state(admin, halting)).as("the rollout found no eligible host").isNotEqualTo("completed");
		drifting = drift(admin, jdbc);
		await().atMost(Duration.ofMinutes(3)).until(() -> state(admin, halting).equals("paused"));
	}

	@AfterAll
	static void stop() throws InterruptedException {
		for (Thread simulator : simulators) {
			simulator.interrupt();
			simulator.join(Duration.ofMinutes(1));
		}
		if (prometheus != null) {
			prometheus.close();
		}
		if (service != null) {
			service.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void everyDashboardPanelQueryReturnsSeriesAndNoNaN() {
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			List<String> problems = new ArrayList<>();
			for (Dashboards.Target target : Dashboards.targets()) {
				JsonNode result = prometheus.query(fill(target.expr())).path("result");
				if (result.isEmpty()) {
					problems.add("no series: " + target);
				}
				for (JsonNode series : result) {
					if (series.path("value").path(1).asString().equals("NaN")) {
						problems.add("NaN for " + series.path("metric") + ": " + target);
					}
				}
			}
			assertThat(problems).isEmpty();
		});
	}

	@Test
	void everyDashboardVariableFindsItsLabel() {
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> Dashboards.files().forEach((name, dashboard) -> {
			for (Matcher variable : Dashboards.labelValues(dashboard)) {
				JsonNode result = prometheus.query(fill(variable.group(1))).path("result");
				assertThat(result).as("%s: %s", name, variable.group())
					.anySatisfy((series) -> assertThat(series.path("metric").has(variable.group(2))).isTrue());
			}
		}));
	}

	/**
	 * Every alert's expression returns series, its signal (the expression left of its
	 * last comparison) too, and Prometheus evaluates the rules file without error: the
	 * alerts are pending or firing.
	 */
	@Test
	void everyAlertFiresOrItsSignalReturnsSeries() {
		Map<String, String> alerts = AlertRulesTests.alerts();
		assertThat(alerts).hasSize(6);
		refuseCheckInsUntil(alerts.get("KfleetCheckInErrors"));
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			List<String> problems = new ArrayList<>();
			alerts.forEach((alert, expr) -> {
				if (prometheus.query(AlertRulesTests.signal(expr)).path("result").isEmpty()) {
					problems.add(alert + ": its signal returned no series: " + AlertRulesTests.signal(expr));
				}
				if (!SIGNAL_ONLY.contains(alert) && prometheus.query(expr).path("result").isEmpty()) {
					problems.add(alert + " does not fire: " + expr);
				}
			});
			assertThat(problems).isEmpty();
		});
		Set<String> fleetJobs = new TreeSet<>();
		prometheus.query(AlertRulesTests.signal(alerts.get("KfleetFleetJobNotRun")))
			.path("result")
			.forEach((series) -> fleetJobs.add(series.path("metric").path("fleet_job").asString()));
		assertThat(fleetJobs).contains("fleet-aggregates", "rollout-reconciler", "audit-retention");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<String, String> states = new HashMap<>();
			for (JsonNode group : prometheus.get("/api/v1/rules").path("groups")) {
				for (JsonNode rule : group.path("rules")) {
					assertThat(rule.path("health").asString()).as(rule.path("lastError").asString()).isEqualTo("ok");
					states.put(rule.path("name").asString(), rule.path("state").asString());
				}
			}
			assertThat(states).containsOnlyKeys(alerts.keySet()).containsEntry("KfleetRolloutHalted", "firing");
			alerts.keySet()
				.stream()
				.filter((alert) -> !SIGNAL_ONLY.contains(alert))
				.forEach((alert) -> assertThat(states.get(alert)).as(alert).isIn("pending", "firing"));
		});
	}

	/**
	 * {@code promtool check metrics} finds nothing to say about the service's exposition;
	 * every kfleet metric has a description, every histogram's buckets are used by a
	 * dashboard or an alert, and every fleet and rollout metric is on a dashboard.
	 */
	@Test
	void theExpositionIsCleanDescribedAndOnTheDashboards() {
		String exposition = service.client()
			.withoutContractChecks()
			.send("GET", "/actuator/prometheus", null, null, List.of("Accept", "text/plain;version=0.0.4"))
			.body();
		Prometheus.Result check = Prometheus.promtool(Chart.DIR, exposition, "check", "metrics");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).isBlank();
		Set<String> used = new TreeSet<>();
		Dashboards.targets().forEach((target) -> used.addAll(PromQl.metricNames(target.expr())));
		AlertRulesTests.alerts().values().forEach((expr) -> used.addAll(PromQl.metricNames(expr)));
		Matcher help = Pattern.compile("(?m)^# HELP (\\w+) ?(.*)$").matcher(exposition);
		List<String> families = new ArrayList<>();
		while (help.find()) {
			families.add(help.group(1));
			if (help.group(1).startsWith("kfleet_")) {
				assertThat(help.group(2)).as("the description of %s", help.group(1)).isNotBlank();
			}
		}
		Matcher buckets = Pattern.compile("(?m)^(\\w+)_bucket\\{").matcher(exposition);
		while (buckets.find()) {
			assertThat(used).as("a histogram nobody queries").contains(buckets.group(1) + "_bucket");
		}
		assertThat(families.stream().filter((name) -> name.matches("kfleet_(fleet|rollouts)\\w*"))).isNotEmpty()
			.allSatisfy((family) -> assertThat(used).as("on a dashboard")
				.anyMatch((name) -> name.equals(family) || name.startsWith(family + "_")
						|| family.equals(name + "_total") || family.startsWith(name)));
	}

	/**
	 * Sends check-ins that break the contract (400), 300 at a time, until more than 5 %
	 * of the check-ins in the alert's window failed: how many that takes depends on how
	 * long the simulated agents have been checking in.
	 */
	private static void refuseCheckInsUntil(String alert) {
		for (int round = 0; round < 30 && prometheus.query(alert).path("result").isEmpty(); round++) {
			for (int i = 0; i < 300; i++) {
				ApiResponse refused = drifting.post("/agent/v1/check-in",
						"{\"agentVersion\":\"0.1.0\",\"sequence\":0,\"reportHash\":\"x\"}");
				assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			}
			try {
				Thread.sleep(Duration.ofSeconds(3));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** The expression with Grafana's variables filled in. */
	static String fill(String expr) {
		String filled = expr;
		for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
			filled = filled.replace(variable.getKey(), variable.getValue());
		}
		assertThat(filled).as("a variable left in %s", expr).doesNotContain("$");
		return filled;
	}

	/**
	 * A host that reports HVO off, is turned on by a rollout of its own, then reports it
	 * off again: drifted. Its agent's client.
	 */
	private static ApiClient drift(ApiClient admin, JdbcClient jdbc) {
		String secret = secret(admin, "{\"name\":\"drift\",\"labels\":{\"drift\":\"yes\"}}");
		ApiResponse enrolled = service.client()
			.as(secret)
			.post("/agent/v1/enroll", "{\"machineId\":\"m-" + UUID.randomUUID()
					+ "\",\"hostname\":\"drifting\",\"agentVersion\":\"0.1.0\"}");
		assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
		String hostId = enrolled.json().get("hostId").stringValue();
		ApiClient agent = service.client().as(enrolled.json().get("hostToken").stringValue());
		String off = AgentReports.report(AgentReports.HVO_OFF);
		String on = AgentReports.report(AgentReports.HVO_ON_128);
		long[] sequence = { 1 };
		AgentReports.checkIn(agent, sequence[0]++, off, "");
		await().atMost(Duration.ofMinutes(1))
			.until(() -> jdbc.sql("SELECT count(*) FROM host_state WHERE host_id = CAST(? AS uuid)")
				.param(hostId)
				.query(Long.class)
				.single() == 1);
		String id = create(admin, """
				{"name":"drift","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"drift=yes"},
				 "waves":["100%"]}""");
		JsonNode[] desired = new JsonNode[1];
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300)).until(() -> {
			desired[0] = AgentReports.checkIn(agent, sequence[0]++, off, "").get("desiredState");
			return desired[0] != null && !desired[0].isNull() && !desired[0].path("actions").isEmpty();
		});
		String result = """
				,"actionResults":[{"desiredVersion":%d,"actionId":"%s","type":"hvo.set-switch","outcome":"succeeded",
				 "detail":"switched on","startedAt":"2026-12-06T10:00:00Z","finishedAt":"2026-12-06T10:00:01Z","pools":[]}]"""
			.formatted(desired[0].get("version").longValue(), desired[0].get("actions").get(0).get("id").stringValue());
		AgentReports.checkIn(agent, sequence[0]++, on, result);
		await().atMost(Duration.ofMinutes(1)).until(() -> state(admin, id).equals("completed"));
		AgentReports.checkIn(agent, sequence[0]++, off, "");
		await().atMost(Duration.ofMinutes(1))
			.until(() -> jdbc.sql("SELECT count(*) FROM rollout_host WHERE drifted").query(Long.class).single() == 1);
		return agent;
	}

	private static Thread simulate(String secret, int hosts, long seed, FaultRates faults) {
		SimulatorConfig config = new SimulatorConfig(URI.create("http://localhost:" + service.port()), secret, hosts,
				seed, Optional.empty(), Duration.ofMinutes(30), faults, Optional.<Path>empty(), 16,
				Duration.ofMinutes(5), Duration.ofSeconds(1));
		Thread simulator = Thread.ofPlatform().name("fleet-simulator-" + seed).start(() -> {
			try {
				new FleetSimulator(config, new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC()).run();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		simulators.add(simulator);
		return simulator;
	}

	private static String secret(ApiClient admin, String json) {
		ApiResponse created = admin.post("/api/v1/enrollment-secrets", json);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("value").stringValue();
	}

	private static String create(ApiClient admin, String json) {
		ApiResponse created = admin.post("/api/v1/rollouts", json);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").stringValue();
	}

	private static String state(ApiClient admin, String rolloutId) {
		return admin.get("/api/v1/rollouts/{id}", rolloutId).json().get("status").get("state").stringValue();
	}

	private static ApiClient admin() {
		return service.client().as(KfleetIntegrationTest.ADMIN_TOKEN);
	}

}
