package dev.kfleet.rollouts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kfleet.ApiResponse;
import dev.kfleet.KillablePostgres;
import dev.kfleet.agent.simulator.FaultRates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollouts driven through the API against the real service and PostgreSQL, with a
 * simulated fleet whose agents apply the desired state with the agent's own actions
 * against modeled kernels. Each test asserts, from the desired-state assignments the
 * audit log recorded, that no host was asked twice and that the concurrency limit held.
 */
class RolloutsIntegrationTests {

	static KillablePostgres postgres;

	@BeforeAll
	static void startPostgres() {
		postgres = KillablePostgres.start();
	}

	@AfterAll
	static void stopPostgres() {
		postgres.close();
	}

	@Test
	void aCanaryThenWavesTo100PercentOnAThousandHosts() throws Exception {
		try (RolloutFleet fleet = RolloutFleet.start(postgres.createDatabase("canary"), 1000, FaultRates.NONE,
				Map.of())) {
			String body = """
					{"name":"hvo-on","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"fleet=sim"},
					 "waves":[1,"5%","25%","100%"],"maxConcurrency":40,"hostDeadline":"PT1M"}""";
			JsonNode dryRun = fleet.admin().post("/api/v1/rollouts?dryRun=true", body).json();
			int eligible = dryRun.get("eligible").intValue();
			assertThat(eligible + dryRun.get("ineligible").get("count").intValue()).isEqualTo(1000);
			assertThat(eligible).isGreaterThan(300);
			assertThat(dryRun.get("plan").valueStream().map((wave) -> wave.get("count").intValue())).containsExactly(1,
					(int) Math.ceil(eligible * 0.05) - 1,
					(int) Math.ceil(eligible * 0.25) - (int) Math.ceil(eligible * 0.05),
					eligible - (int) Math.ceil(eligible * 0.25));
			assertThat(fleet.jdbc().sql("SELECT count(*) FROM rollout").query(Long.class).single()).isZero();

			String id = fleet.create(body);
			JsonNode done = fleet.awaitState(id, "completed", Duration.ofMinutes(4));
			// Eligible when it was created (a host may have come or gone since the dry
			// run).
			int planned = fleet.jdbc()
				.sql("SELECT count(*) FROM rollout_host WHERE rollout_id = CAST(? AS uuid) AND wave > 0")
				.param(id)
				.query(Integer.class)
				.single();
			assertThat(planned).isCloseTo(eligible, org.assertj.core.data.Percentage.withPercentage(5));
			eligible = planned;
			assertThat(done.get("status").get("hosts").get("succeeded").intValue()).isEqualTo(eligible);
			assertThat(done.get("status").get("hosts").get("failed").intValue()).isZero();
			assertThat(fleet.jdbc()
				.sql("SELECT count(*) FROM rollout_host rh JOIN host_state s ON s.host_id = rh.host_id "
						+ "WHERE rh.state = 'succeeded' AND s.hvo_switch_on")
				.query(Long.class)
				.single()).isEqualTo(eligible);
			Map<UUID, List<java.time.Instant[]>> asked = fleet.assignments(id);
			assertThat(asked).hasSize(eligible).allSatisfy((host, times) -> assertThat(times).hasSize(1));
			assertThat(RolloutFleet.maxConcurrent(asked)).isLessThanOrEqualTo(40);
			// The canary went first, alone: every other host was asked after it
			// succeeded.
			java.time.Instant canaryDone = asked.values()
				.stream()
				.map((times) -> times.getFirst())
				.min(java.util.Comparator.comparing((java.time.Instant[] t) -> t[0]))
				.orElseThrow()[1];
			assertThat(
					asked.values().stream().map((times) -> times.getFirst()[0]).filter((at) -> at.isBefore(canaryDone)))
				.hasSize(1);
		}
	}

	@Test
	void aFailureBudgetExceededPausesTheRolloutAndARollbackTakesItsHostsBack() throws Exception {
		try (RolloutFleet fleet = RolloutFleet.start(postgres.createDatabase("budget_pause"), 200,
				new FaultRates(0.3, 0, 0, 0), Map.of())) {
			String id = fleet.create("""
					{"name":"hvo-on","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"fleet=sim"},
					 "waves":["50%","100%"],"failureBudget":{"perWave":"5%","overall":"5%"},"hostDeadline":"PT1M"}""");
			// Half the eligible hosts in wave 1, 30 % of the fleet failing: wave 1
			// exceeds 5 %.
			JsonNode paused = fleet.awaitState(id, "paused", Duration.ofMinutes(2));
			assertThat(paused.get("status").get("reason").stringValue()).startsWith("halted: ")
				.contains("per-wave failure budget of 5%");
			assertThat(paused.get("status").get("wave").intValue()).isEqualTo(1);
			// The hosts asked before the halt are judged while it is paused; no other is
			// asked.
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofMinutes(1))
				.until(() -> !fleet.hostStates(id).containsKey("applying"));
			assertThat(fleet.jdbc()
				.sql("SELECT count(*) FROM rollout_host WHERE rollout_id = CAST(? AS uuid) AND wave = 2 "
						+ "AND state <> 'pending'")
				.param(id)
				.query(Long.class)
				.single()).as("no host of wave 2 was asked").isZero();
			assertThat(fleet.jdbc()
				.sql("SELECT detail FROM rollout_host WHERE rollout_id = CAST(? AS uuid) AND state = 'failed' LIMIT 1")
				.param(id)
				.query(String.class)
				.single()).startsWith("the agent reported: hvo.set-switch failed");

			ApiResponse promote = fleet.admin().post("/api/v1/rollouts/{id}/promote", "{}", id);
			assertThat(promote.status()).isEqualTo(409);
			assertThat(promote.json().get("type").stringValue()).endsWith("rollout-transition");

			ApiResponse rollback = fleet.admin()
				.post("/api/v1/rollouts/{id}/rollback", "{\"reason\":\"canary failed\"}", id);
			assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
			JsonNode ended = fleet.awaitState(id, "failed", Duration.ofMinutes(2));
			assertThat(ended.get("status").get("reason").stringValue()).contains("could not be rolled back");
			// The hosts whose kernels apply actions are back off; those whose kernels
			// fail
			// every action could not be taken back.
			Map<String, Long> states = fleet.hostStates(id);
			assertThat(states.get("rolled-back")).isPositive();
			assertThat(states.get("rollback-failed")).isPositive();
			assertThat(fleet.jdbc()
				.sql("SELECT count(*) FROM rollout_host rh JOIN host_state s ON s.host_id = rh.host_id "
						+ "WHERE rh.rollout_id = CAST(? AS uuid) AND rh.state = 'rolled-back' AND s.hvo_switch_on")
				.param(id)
				.query(Long.class)
				.single()).isZero();
			assertThat(fleet.assignments(id)).allSatisfy((host, times) -> assertThat(times).hasSizeBetween(1, 2));
		}
	}

	@Test
	void aFailureBudgetExceededWithRollbackAsItsHaltActionRollsTheHostsBack() throws Exception {
		try (RolloutFleet fleet = RolloutFleet.start(postgres.createDatabase("budget_rollback"), 200,
				new FaultRates(0.3, 0, 0, 0), Map.of())) {
			String id = fleet.create("""
					{"name":"hvo-on","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"fleet=sim"},
					 "waves":["20%","100%"],"failureBudget":{"perWave":1,"overall":1},"haltAction":"rollback",
					 "maxConcurrency":10,"hostDeadline":"PT1M"}""");
			JsonNode ended = fleet.awaitState(id, "failed", Duration.ofMinutes(3));
			assertThat(ended.get("status").get("reason").stringValue()).contains("could not be rolled back");
			assertThat(fleet.hostStates(id)).doesNotContainKeys("succeeded", "applying", "rolling-back", "pending");
			// Asked at most twice: once by the rollout, once to go back.
			assertThat(fleet.assignments(id)).allSatisfy((host, times) -> assertThat(times).hasSizeBetween(1, 2));
		}
	}

	@Test
	void aVduseRolloutLoadsTheModulesAndTheReportsShowThemLoaded() throws Exception {
		try (RolloutFleet fleet = RolloutFleet.start(postgres.createDatabase("vduse"), 200, FaultRates.NONE,
				Map.of())) {
			String body = """
					{"name":"vduse-on","feature":"vduse","target":{"enabled":true},"hosts":{"selector":"fleet=sim"},
					 "waves":["10%","100%"],"maxConcurrency":25,"hostDeadline":"PT1M"}""";
			JsonNode dryRun = fleet.admin().post("/api/v1/rollouts?dryRun=true", body).json();
			assertThat(dryRun.get("eligible").intValue()).isPositive();
			assertThat(dryRun.get("ineligible").get("byReason").has("unsupported")).isTrue();
			String id = fleet.create(body);
			JsonNode done = fleet.awaitState(id, "completed", Duration.ofMinutes(3));
			int succeeded = done.get("status").get("hosts").get("succeeded").intValue();
			assertThat(succeeded).isPositive();
			assertThat(done.get("status").get("hosts").get("failed").intValue()).isZero();
			assertThat(fleet.jdbc()
				.sql("SELECT count(*) FROM rollout_host rh JOIN host_state s ON s.host_id = rh.host_id "
						+ "WHERE rh.rollout_id = CAST(? AS uuid) AND rh.state = 'succeeded' AND s.vduse_modules_loaded")
				.param(id)
				.query(Integer.class)
				.single()).isEqualTo(succeeded);
			assertThat(fleet.assignments(id)).hasSize(succeeded)
				.allSatisfy((host, times) -> assertThat(times).hasSize(1));
			assertThat(RolloutFleet.maxConcurrent(fleet.assignments(id))).isLessThanOrEqualTo(25);
			ApiResponse rollback = fleet.admin().post("/api/v1/rollouts/{id}/rollback", "{}", id);
			assertThat(rollback.status()).isEqualTo(409);
			assertThat(rollback.json().get("detail").stringValue()).contains("does not roll back");
		}
	}

	@Test
	void hostsThatStopCheckingInFailAtTheirDeadline() throws Exception {
		try (RolloutFleet fleet = RolloutFleet.start(postgres.createDatabase("offline"), 50, FaultRates.NONE,
				Map.of())) {
			fleet.stopAgents();
			String id = fleet.create("""
					{"name":"hvo-on","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"fleet=sim"},
					 "waves":["100%"],"failureBudget":{"perWave":"100%","overall":"100%"},"hostDeadline":"PT3S"}""");
			JsonNode done = fleet.awaitState(id, "completed", Duration.ofMinutes(1));
			assertThat(done.get("status").get("hosts").get("succeeded").intValue()).isZero();
			assertThat(fleet.jdbc()
				.sql("SELECT DISTINCT substring(detail for 15) FROM rollout_host WHERE rollout_id = CAST(? AS uuid) "
						+ "AND state = 'failed'")
				.param(id)
				.query(String.class)
				.list()).containsExactly("deadline passed");
		}
	}

	@Test
	void aServiceKilledMidWaveResumesWhereItWasAndTwoReplicasNeverAskAHostTwice() throws Exception {
		try (RolloutFleet fleet = RolloutFleet.start(postgres.createDatabase("killed"), 300, FaultRates.NONE,
				Map.of())) {
			fleet.addReplica();
			String id = fleet.create("""
					{"name":"hvo-on","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"fleet=sim"},
					 "waves":[1,"50%","100%"],"maxConcurrency":15,"hostDeadline":"PT2M"}""");
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofMinutes(2))
				.until(() -> fleet.hostStates(id).getOrDefault("succeeded", 0L) > 30);
			fleet.killAndRestart();
			JsonNode done = fleet.awaitState(id, "completed", Duration.ofMinutes(4));
			assertThat(done.get("status").get("hosts").get("failed").intValue()).isZero();
			Map<UUID, List<java.time.Instant[]>> asked = fleet.assignments(id);
			assertThat(asked).hasSize(done.get("status").get("hosts").get("succeeded").intValue())
				.allSatisfy((host, times) -> assertThat(times).hasSize(1));
			assertThat(RolloutFleet.maxConcurrent(asked)).isLessThanOrEqualTo(15);
		}
	}

}
