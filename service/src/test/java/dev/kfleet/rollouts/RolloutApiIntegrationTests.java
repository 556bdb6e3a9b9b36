package dev.kfleet.rollouts;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agents.AgentReports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollouts API: what it refuses (400 naming the fields, 409 for overlaps and
 * transitions a state does not allow), dry runs with their reasons, and the hold a
 * rollout keeps on its hosts' desired state. Hosts report captured kernels, each test
 * under a label of its own.
 */
@KfleetIntegrationTest
class RolloutApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RolloutReconciler reconciler;

	@Autowired
	DriftScan drift;

	@Test
	void aRequestThatBreaksTheRulesIsRefusedNamingEveryField() {
		ApiResponse refused = admin().post("/api/v1/rollouts", """
				{"name":"bad","feature":"vduse","target":{"enabled":false},"hosts":{},
				 "waves":[0,"0%","150%","5.5%",1.5,"abc"],"failureBudget":{"perWave":-1,"overall":"101%"},
				 "haltAction":"rollback","hostDeadline":"PT0S","bakeTime":"P30D"}""");
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.json().get("errors").valueStream().map((e) -> e.get("field").stringValue()))
			.contains("target", "hosts", "waves[0]", "waves[1]", "waves[2]", "waves[4]", "waves[5]",
					"failureBudget.perWave", "failureBudget.overall", "hostDeadline", "bakeTime", "haltAction")
			.doesNotContain("waves[3]");
		ApiResponse selector = admin().post("/api/v1/rollouts", """
				{"name":"bad","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"env in (prod"},
				 "waves":["100%"]}""");
		assertThat(selector.status()).isEqualTo(400);
		assertThat(selector.json().get("errors").get(0).get("field").stringValue()).isEqualTo("hosts.selector");
		ApiResponse longName = admin().post("/api/v1/rollouts", """
				{"name":"%s","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"a=b"},"waves":[1]}"""
			.formatted("é".repeat(101)));
		assertThat(longName.status()).isEqualTo(400);
	}

	@Test
	void aDryRunNamesWhyEachIneligibleHostIsLeftOutAndChangesNothing() {
		String label = label();
		String off = enrollReporting(label, AgentReports.HVO_OFF);
		String on = enrollReporting(label, AgentReports.HVO_ON_128);
		String silent = enroll(label);
		String gone = enrollReporting(label, AgentReports.HVO_OFF);
		assertThat(admin().delete("/api/v1/hosts/{id}", gone).status()).isEqualTo(200);
		long rollouts = this.jdbc.sql("SELECT count(*) FROM rollout").query(Long.class).single();

		JsonNode dryRun = admin()
			.post("/api/v1/rollouts?dryRun=true",
					"""
							{"name":"dry","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"suite=%s","ids":["%s"]},
							 "waves":["100%%"]}"""
						.formatted(label, gone))
			.json();

		assertThat(dryRun.get("eligible").intValue()).isEqualTo(1);
		assertThat(dryRun.get("plan").get(0).get("hostIds").get(0).stringValue()).isEqualTo(off);
		assertThat(dryRun.get("planProblem").isNull()).isTrue();
		List<String> reasons = new ArrayList<>();
		dryRun.get("ineligible")
			.get("hosts")
			.forEach((host) -> reasons.add(host.get("hostId").stringValue() + " " + host.get("reason").stringValue()));
		assertThat(reasons).containsExactlyInAnyOrder(on + " already-in-target-state", silent + " no-report",
				gone + " decommissioned");
		assertThat(this.jdbc.sql("SELECT count(*) FROM rollout").query(Long.class).single()).isEqualTo(rollouts);

		JsonNode unplannable = admin().post("/api/v1/rollouts?dryRun=true", """
				{"name":"dry","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"suite=%s"},
				 "waves":[1,"100%%"]}""".formatted(label)).json();
		assertThat(unplannable.get("plan")).isEmpty();
		assertThat(unplannable.get("planProblem").stringValue()).startsWith("wave 2 (100% of 1 eligible hosts: 1)");

		String nothing = """
				{"name":"dry-none","feature":"hvo","target":{"enabled":true},"hosts":{"ids":["%s"]},"waves":["100%%"]}"""
			.formatted(on);
		JsonNode nothingToDo = admin().post("/api/v1/rollouts?dryRun=true", nothing).json();
		assertThat(nothingToDo.get("eligible").intValue()).isZero();
		assertThat(nothingToDo.get("plan")).isEmpty();
		assertThat(nothingToDo.get("planProblem").isNull()).isTrue();
		assertThat(admin().post("/api/v1/rollouts", nothing).json().get("status").get("state").stringValue())
			.isEqualTo("completed");
	}

	@Test
	void aRolloutHoldsItsHostsAgainstOverlappingRolloutsAndOtherOwnersUnlessForced() {
		String label = label();
		String first = enrollReporting(label, AgentReports.HVO_OFF);
		String second = enrollReporting(label, AgentReports.HVO_OFF);
		String body = """
				{"name":"held","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"suite=%s"},
				 "waves":[1,"100%%"],"promotion":"manual"}""".formatted(label);
		ApiResponse created = admin().post("/api/v1/rollouts", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").stringValue();
		assertThat(created.header("Location")).isEqualTo("/api/v1/rollouts/" + id);

		ApiResponse overlap = admin().post("/api/v1/rollouts", body);
		assertThat(overlap.status()).isEqualTo(409);
		assertThat(overlap.json().get("type").stringValue()).endsWith("/rollout-overlap");
		assertThat(overlap.json().get("conflicts").valueStream().map((c) -> c.get("hostId").stringValue()))
			.containsExactlyInAnyOrder(first, second);

		String actions = "{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":false}}]}";
		ApiResponse held = admin().put("/api/v1/hosts/{id}/desired-state", actions, second);
		assertThat(held.status()).isEqualTo(409);
		assertThat(held.json().get("type").stringValue()).endsWith("/desired-state-held-by-rollout");
		assertThat(held.json().get("owner").get("id").stringValue()).isEqualTo(id);

		ApiResponse forced = admin().put("/api/v1/hosts/{id}/desired-state?force=true", actions, second);
		assertThat(forced.status()).as(forced.body()).isEqualTo(200);
		JsonNode host = admin().get("/api/v1/rollouts/{id}/hosts?state=failed", id).json().get("items").get(0);
		assertThat(host.get("hostId").stringValue()).isEqualTo(second);
		assertThat(host.get("detail").stringValue()).startsWith("its desired state was forced by bootstrap-token");
		assertThat(admin().put("/api/v1/hosts/{id}/desired-state", actions, second).status()).as("no longer held")
			.isEqualTo(200);
	}

	@Test
	void hostsDecommissionedMidRolloutAreSkippedNotFailed() {
		String label = label();
		enrollReporting(label, AgentReports.HVO_OFF);
		enrollReporting(label, AgentReports.HVO_OFF);
		String id = admin().post("/api/v1/rollouts", """
				{"name":"leaving","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"suite=%s"},
				 "waves":[1,"100%%"],"failureBudget":{"perWave":0,"overall":0}}""".formatted(label))
			.json()
			.get("id")
			.stringValue();
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
			this.reconciler.reconcileAll();
			return admin().get("/api/v1/rollouts/{id}/hosts?state=applying", id).json().get("items").size() == 1;
		});
		String asked = admin().get("/api/v1/rollouts/{id}/hosts?wave=1", id)
			.json()
			.get("items")
			.get(0)
			.get("hostId")
			.stringValue();
		String waiting = admin().get("/api/v1/rollouts/{id}/hosts?wave=2", id)
			.json()
			.get("items")
			.get(0)
			.get("hostId")
			.stringValue();
		assertThat(admin().delete("/api/v1/hosts/{id}", asked).status()).isEqualTo(200);
		assertThat(admin().delete("/api/v1/hosts/{id}", waiting).status()).isEqualTo(200);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
			this.reconciler.reconcileAll();
			return "completed"
				.equals(admin().get("/api/v1/rollouts/{id}", id).json().get("status").get("state").stringValue());
		});
		assertThat(hostState(id, asked)).isEqualTo("skipped");
		assertThat(hostState(id, waiting)).isEqualTo("skipped");
		assertThat(admin().get("/api/v1/rollouts/{id}/hosts?state=skipped", id)
			.json()
			.get("items")
			.valueStream()
			.map((host) -> host.get("detail").stringValue()))
			.containsExactlyInAnyOrder("decommissioned while it was asked", "decommissioned before it was asked");
	}

	@Test
	void aHostWaitingForAnotherOwnersVersionHoldsNoOtherUpAndFailsAtItsDeadlineForwardAndBack() {
		String label = label();
		String busy = enrollReporting(label, AgentReports.HVO_OFF);
		String free = enrollReporting(label, AgentReports.HVO_OFF);
		String operatorsVersion = "{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":false}}]}";
		assertThat(admin().put("/api/v1/hosts/{id}/desired-state", operatorsVersion, busy).status()).isEqualTo(200);
		String id = admin().post("/api/v1/rollouts", """
				{"name":"waiting","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"suite=%s"},
				 "waves":["100%%"],"maxConcurrency":1,"hostDeadline":"PT3S",
				 "failureBudget":{"perWave":"100%%","overall":"100%%"}}""".formatted(label))
			.json()
			.get("id")
			.stringValue();

		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
			this.reconciler.reconcileAll();
			return "applying".equals(hostState(id, free));
		});
		assertThat(hostState(id, busy)).as("the free host was asked before the busy one's deadline")
			.isEqualTo("pending");
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
			this.reconciler.reconcileAll();
			return "completed"
				.equals(admin().get("/api/v1/rollouts/{id}", id).json().get("status").get("state").stringValue());
		});
		assertThat(detail(id, busy)).startsWith("could not be asked before its deadline: waiting: version 1 of ");
		assertThat(detail(id, free)).startsWith("deadline passed");

		assertThat(admin().put("/api/v1/hosts/{id}/desired-state?force=true", operatorsVersion, free).status())
			.as("over the rollout's version, which its agent never took")
			.isEqualTo(200);
		operate(id, "rollback");
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
			this.reconciler.reconcileAll();
			return "failed"
				.equals(admin().get("/api/v1/rollouts/{id}", id).json().get("status").get("state").stringValue());
		});
		assertThat(hostState(id, free)).isEqualTo("rollback-failed");
		assertThat(detail(id, free))
			.startsWith("could not be asked to roll back before its deadline: waiting: version ");
		assertThat(hostState(id, busy)).as("never asked, so nothing to roll back").isEqualTo("failed");
	}

	private String detail(String rolloutId, String hostId) {
		return this.jdbc
			.sql("SELECT detail FROM rollout_host WHERE rollout_id = CAST(? AS uuid) AND host_id = CAST(? AS uuid)")
			.params(rolloutId, hostId)
			.query(String.class)
			.single();
	}

	@Test
	void overlappingRolloutsCreatedAtOnceNeverBothWin() throws Exception {
		String label = label();
		for (int i = 0; i < 3; i++) {
			enrollReporting(label, AgentReports.HVO_OFF);
		}
		String body = """
				{"name":"race","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"suite=%s"},
				 "waves":["100%%"],"promotion":"manual"}""".formatted(label);
		java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
		List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
		try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors
			.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 4; i++) {
				threads.submit(() -> {
					start.await();
					statuses.add(admin().post("/api/v1/rollouts", body).status());
					return null;
				});
			}
		}
		assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409, 409);
	}

	@Test
	void everyOperationIsAGuardedTransitionAndIsAudited() {
		String label = label();
		enrollReporting(label, AgentReports.HVO_OFF);
		String id = admin().post("/api/v1/rollouts", """
				{"name":"ops","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"suite=%s"},
				 "waves":["100%%"]}""".formatted(label)).json().get("id").stringValue();

		assertThat(operate(id, "pause").get("status").get("state").stringValue()).isEqualTo("paused");
		ApiResponse again = admin().post("/api/v1/rollouts/{id}/pause", "{}", id);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("state").stringValue()).isEqualTo("paused");
		assertThat(admin().post("/api/v1/rollouts/{id}/promote", "{}", id).status()).isEqualTo(409);
		assertThat(operate(id, "resume").get("status").get("state").stringValue()).isIn("pending", "running");
		JsonNode aborted = operate(id, "abort");
		assertThat(aborted.get("status").get("state").stringValue()).isEqualTo("aborted");
		assertThat(aborted.get("status").get("reason").stringValue()).contains("because I said so");
		assertThat(admin().post("/api/v1/rollouts/{id}/resume", "{}", id).status()).isEqualTo(409);
		assertThat(admin().post("/api/v1/rollouts/{id}/fly", "{}", id).status()).isEqualTo(400);
		assertThat(admin().post("/api/v1/rollouts/{id}/pause", "{}", UUID.randomUUID()).status()).isEqualTo(404);

		List<String> audited = this.jdbc.sql(
				"SELECT action FROM audit_event WHERE target_id = ? AND action LIKE 'rollout.%' AND outcome = 'succeeded' ORDER BY id")
			.param(id)
			.query(String.class)
			.list();
		assertThat(audited).containsExactly("rollout.created", "rollout.paused", "rollout.resumed", "rollout.aborted");
		assertThat(this.jdbc.sql(
				"SELECT count(*) FROM audit_event WHERE target_id = ? AND action = 'rollout.paused' AND outcome = 'refused'")
			.param(id)
			.query(Long.class)
			.single()).as("the second pause, refused").isEqualTo(1);
		assertThat(this.jdbc.sql(
				"SELECT reason FROM audit_event WHERE target_id = ? AND action = 'rollout.aborted' AND outcome = 'succeeded'")
			.param(id)
			.query(String.class)
			.single()).isEqualTo("because I said so");
		assertThat(admin().get("/api/v1/rollouts?state=aborted&feature=hvo&limit=500")
			.json()
			.get("items")
			.valueStream()
			.map((r) -> r.get("id").stringValue())).contains(id);
	}

	@Test
	void aRolloutOfHostsAlreadyInTheTargetStateIsCompletedAtOnce() {
		String label = label();
		enrollReporting(label, AgentReports.HVO_ON_128);
		JsonNode created = admin().post("/api/v1/rollouts", """
				{"name":"noop","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"suite=%s"},
				 "waves":[1,"100%%"]}""".formatted(label)).json();
		assertThat(created.get("status").get("state").stringValue()).isEqualTo("completed");
		assertThat(created.get("status").get("reason").stringValue()).contains("already-in-target-state=1");
		assertThat(created.get("status").get("hosts").get("skipped").intValue()).isEqualTo(1);
	}

	@Test
	void aHostThatLeavesTheTargetAfterItsRolloutCompletedIsMarkedDriftedAndListed() {
		String label = label();
		JsonNode enrolled = enrolled(label);
		String hostId = enrolled.get("hostId").stringValue();
		ApiClient agent = new ApiClient(this.port).as(enrolled.get("hostToken").stringValue());
		String off = AgentReports.report(AgentReports.HVO_OFF);
		String on = AgentReports.report(AgentReports.HVO_ON_128);
		AgentReports.checkIn(agent, 1, off, "");
		awaitReported(hostId, false);
		String id = admin().post("/api/v1/rollouts", """
				{"name":"drift","feature":"hvo","target":{"enabled":true},"hosts":{"selector":"suite=%s"},
				 "waves":["100%%"]}""".formatted(label)).json().get("id").stringValue();
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
			this.reconciler.reconcileAll();
			return !"pending".equals(hostState(id, hostId));
		});
		JsonNode desired = AgentReports.checkIn(agent, 2, off, "").get("desiredState");
		String result = """
				,"actionResults":[{"desiredVersion":%d,"actionId":"%s","type":"hvo.set-switch","outcome":"succeeded",
				 "detail":"switched on","startedAt":"2026-12-06T10:00:00Z","finishedAt":"2026-12-06T10:00:01Z","pools":[]}]"""
			.formatted(desired.get("version").longValue(), desired.get("actions").get(0).get("id").stringValue());
		AgentReports.checkIn(agent, 3, on, result);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
			this.reconciler.reconcileAll();
			return "completed"
				.equals(admin().get("/api/v1/rollouts/{id}", id).json().get("status").get("state").stringValue());
		});
		this.drift.scan();
		assertThat(drifted(label)).isEmpty();

		AgentReports.checkIn(agent, 4, off, "");
		awaitReported(hostId, false);
		this.drift.scan();
		assertThat(drifted(label)).containsExactly(hostId);
		JsonNode host = admin().get("/api/v1/rollouts/{id}/hosts", id).json().get("items").get(0);
		assertThat(host.get("drifted").booleanValue()).isTrue();
		assertThat(host.get("drift").stringValue()).startsWith("HVO's switch is off (kernel ");

		AgentReports.checkIn(agent, 5, on, "");
		awaitReported(hostId, true);
		this.drift.scan();
		assertThat(drifted(label)).isEmpty();
	}

	private List<String> drifted(String label) {
		return admin().get("/api/v1/hosts?drifted=true&selector=suite%3D" + label)
			.json()
			.get("items")
			.valueStream()
			.map((host) -> host.get("id").stringValue())
			.toList();
	}

	private String hostState(String rolloutId, String hostId) {
		return this.jdbc
			.sql("SELECT state FROM rollout_host WHERE rollout_id = CAST(? AS uuid) AND host_id = CAST(? AS uuid)")
			.params(rolloutId, hostId)
			.query(String.class)
			.single();
	}

	private void awaitReported(String hostId, boolean switchOn) {
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(30))
			.until(() -> this.jdbc
				.sql("SELECT count(*) FROM host_state WHERE host_id = CAST(? AS uuid) AND hvo_switch_on = ?")
				.params(hostId, switchOn)
				.query(Long.class)
				.single() == 1);
	}

	private JsonNode operate(String id, String operation) {
		ApiResponse response = admin().post("/api/v1/rollouts/{id}/" + operation, "{\"reason\":\"because I said so\"}",
				id);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private ApiClient admin() {
		return new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
	}

	private static String label() {
		return "r" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** Enrolls a host labelled {@code suite=<label>}; its id. */
	private String enroll(String label) {
		return enrolled(label).get("hostId").stringValue();
	}

	/**
	 * Enrolls a host labelled {@code suite=<label>} that reports a captured kernel; its
	 * id.
	 */
	private String enrollReporting(String label, String capture) {
		JsonNode enrolled = enrolled(label);
		String report = AgentReports.report(capture);
		ApiResponse checkIn = new ApiClient(this.port).as(enrolled.get("hostToken").stringValue())
			.post("/agent/v1/check-in", """
					{"agentVersion":"0.1.0","sequence":1,"reportHash":"%s","report":%s}"""
				.formatted(AgentReports.sha256(report), report));
		assertThat(checkIn.status()).as(checkIn.body()).isEqualTo(200);
		return enrolled.get("hostId").stringValue();
	}

	private JsonNode enrolled(String label) {
		String secret = admin().post("/api/v1/enrollment-secrets", """
				{"name":"%s","labels":{"suite":"%s"}}""".formatted(label + UUID.randomUUID(), label))
			.json()
			.get("value")
			.stringValue();
		ApiResponse enrolled = new ApiClient(this.port).as(secret).post("/agent/v1/enroll", """
				{"machineId":"m-%s","hostname":"h-%s","agentVersion":"0.1.0"}""".formatted(UUID.randomUUID(), label));
		assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
		return enrolled.json();
	}

}
