package dev.kfleet.agents;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agents.AgentFixtures.Agent;

import static dev.kfleet.agents.AgentFixtures.checkIn;
import static dev.kfleet.agents.AgentFixtures.checkInHashOnly;
import static dev.kfleet.agents.AgentFixtures.enrollment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@KfleetIntegrationTest
class AgentApiIntegrationTests {

	static final String HVO_OFF = AgentReports.report(AgentReports.HVO_OFF);

	static final String HVO_ON = AgentReports.report(AgentReports.HVO_ON_128);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	ApiClient anonymous;

	ApiClient admin;

	String secret;

	String prefix;

	@BeforeEach
	void setUp() {
		this.prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
		this.anonymous = new ApiClient(this.port);
		this.admin = this.anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
		this.secret = AgentFixtures.enrollmentSecret(this.admin);
	}

	@Test
	void enrollingAgainWithTheHostsTokenReturnsTheSameHostWithANewTokenAndTheOldOneStopsWorking() {
		String machineId = "m-" + UUID.randomUUID();
		ApiResponse first = this.anonymous.as(this.secret).post("/agent/v1/enroll", enrollment(machineId, "e-1"));
		String oldToken = first.json().get("hostToken").stringValue();
		ApiResponse again = this.anonymous.as(this.secret)
			.post("/agent/v1/enroll", enrollment(machineId, "e-1", "\"hostToken\":\"" + oldToken + "\""));
		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("hostId")).isEqualTo(first.json().get("hostId"));
		String newToken = again.json().get("hostToken").stringValue();
		assertThat(newToken).startsWith("kfh_").isNotEqualTo(oldToken);
		assertThat(this.anonymous.as(oldToken).get("/agent/v1/ping").status()).isEqualTo(401);
		assertThat(this.anonymous.as(newToken).get("/agent/v1/ping").status()).isEqualTo(204);
		List<String> fields = fields(history(first.json().get("hostId").stringValue()));
		assertThat(fields).containsExactly("enrollment", "enrollment");
	}

	@Test
	void decommissioningAHostRevokesItsTokenAndItsAgentNeedsAnApprovalToBringItBack() {
		String machineId = "m-" + UUID.randomUUID();
		ApiResponse first = this.anonymous.as(this.secret).post("/agent/v1/enroll", enrollment(machineId, "d-1"));
		String hostId = first.json().get("hostId").stringValue();
		ApiClient agent = this.anonymous.as(first.json().get("hostToken").stringValue());
		assertThat(agent.post("/agent/v1/check-in", checkIn(1, HVO_OFF)).status()).isEqualTo(200);
		assertThat(this.admin.delete("/api/v1/hosts/{id}", hostId).status()).isEqualTo(200);
		// The token is revoked by a listener once the decommissioning committed (ADR
		// 0032).
		await().atMost(Duration.ofSeconds(10)).until(() -> agent.get("/agent/v1/ping").status() == 401);

		ApiResponse refused = agent.post("/agent/v1/check-in", checkIn(2, HVO_ON));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(agent.get("/agent/v1/ping").status()).isEqualTo(401);
		JsonNode decommissioned = this.admin.get("/api/v1/hosts/{id}", hostId).json();
		assertThat(decommissioned.get("decommissionedAt").isNull()).isFalse();
		assertThat(decommissioned.at("/observed/hvo").stringValue()).as("nothing written").isEqualTo("off");

		// Its agent enrolls again: the host stays decommissioned until an operator
		// approves.
		String key = AgentFixtures.requestKey();
		String again = enrollment(machineId, "d-1", "\"requestKey\":\"" + key + "\"");
		ApiResponse pending = this.anonymous.as(this.secret).post("/agent/v1/enroll", again);
		assertThat(pending.status()).isEqualTo(409);
		assertThat(pending.json().get("requestState").stringValue()).isEqualTo("pending");
		String requestId = pending.json().get("requestId").stringValue();
		assertThat(this.admin.get("/api/v1/enrollment-requests/{id}", requestId).json().get("reason").stringValue())
			.isEqualTo("host-decommissioned");
		assertThat(this.admin.get("/api/v1/hosts/{id}", hostId).json().get("state").stringValue())
			.isEqualTo("decommissioned");
		assertThat(this.admin.send("POST", "/api/v1/enrollment-requests/{id}/approve", null, null, requestId).status())
			.isEqualTo(200);

		ApiResponse approved = this.anonymous.as(this.secret).post("/agent/v1/enroll", again);
		assertThat(approved.status()).isEqualTo(200);
		assertThat(approved.json().get("hostId").stringValue()).isEqualTo(hostId);
		ApiResponse report = this.anonymous.as(approved.json().get("hostToken").stringValue())
			.post("/agent/v1/check-in", checkIn(1, HVO_ON));
		assertThat(report.json().get("accepted").booleanValue()).isTrue();
		JsonNode active = this.admin.get("/api/v1/hosts/{id}", hostId).json();
		assertThat(active.get("decommissionedAt").isNull()).isTrue();
		assertThat(active.at("/observed/hvo").stringValue()).isEqualTo("on");
		JsonNode entries = this.admin.get("/api/v1/hosts/{id}/history", hostId).json().get("items");
		assertThat(entries).as("the report, the approved enrollment, the first report, the enrollment").hasSize(4);
		assertThat(fields(entries.get(0).get("changes").valueStream().toList())).contains("hvo.switchOn");
		assertThat(fields(entries.get(1).get("changes").valueStream().toList())).containsExactly("enrollment");
		assertThat(this.admin.get("/api/v1/enrollment-requests/{id}", requestId).json().get("state").stringValue())
			.isEqualTo("completed");
	}

	@Test
	void poolsFollowTheLatestReportAndTheReportIsKeptAsTheAgentSentIt() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		host.post("/agent/v1/check-in", checkIn(1, HVO_ON));
		JsonNode before = this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().at("/observed/hugetlbPools");
		assertThat(before).hasSize(2);
		ObjectNode changed = (ObjectNode) JSON.readTree(HVO_ON);
		ObjectNode kept = (ObjectNode) changed.at("/hvo/pools/0");
		long gigantic = changed.at("/hvo/pools/1/pageSizeBytes").longValue();
		((ArrayNode) changed.at("/hvo/pools")).remove(1);
		kept.put("total", 7);
		kept.put("free", 7);
		String sent = JSON.writeValueAsString(changed);
		assertThat(host.post("/agent/v1/check-in", checkIn(2, sent)).json().get("accepted").booleanValue()).isTrue();
		JsonNode after = this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().at("/observed/hugetlbPools");
		assertThat(after).hasSize(1);
		assertThat(after.at("/0/pageSizeBytes").longValue()).isEqualTo(kept.get("pageSizeBytes").longValue());
		assertThat(after.at("/0/total").longValue()).isEqualTo(7);
		assertThat(after.at("/0/free").longValue()).isEqualTo(7);
		assertThat(fields(history(agent.hostId()))).contains("hugetlb." + gigantic + ".total",
				"hugetlb." + kept.get("pageSizeBytes").longValue() + ".free");
		JsonNode stored = this.admin.get("/api/v1/hosts/{id}/report", agent.hostId()).json();
		assertThat(stored.get("report")).isEqualTo(changed);
		assertThat(stored.get("reportHash").stringValue()).isEqualTo(AgentReports.sha256(sent));

		// The gigantic pool comes back, then only its free count changes: only pools that
		// changed are written, and the one that did not keeps its counts.
		ObjectNode both = (ObjectNode) JSON.readTree(HVO_ON);
		((ObjectNode) both.at("/hvo/pools/0")).put("total", 7).put("free", 7);
		((ObjectNode) both.at("/hvo/pools/1")).put("total", 2).put("free", 2);
		host.post("/agent/v1/check-in", checkIn(3, JSON.writeValueAsString(both)));
		((ObjectNode) both.at("/hvo/pools/1")).put("free", 1);
		assertThat(host.post("/agent/v1/check-in", checkIn(4, JSON.writeValueAsString(both)))
			.json()
			.get("accepted")
			.booleanValue()).isTrue();
		JsonNode last = this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().at("/observed/hugetlbPools");
		assertThat(last).hasSize(2);
		assertThat(last.at("/0/total").longValue()).isEqualTo(7);
		assertThat(last.at("/0/free").longValue()).isEqualTo(7);
		assertThat(last.at("/1/pageSizeBytes").longValue()).isEqualTo(gigantic);
		assertThat(last.at("/1/total").longValue()).isEqualTo(2);
		assertThat(last.at("/1/free").longValue()).isEqualTo(1);
	}

	@Test
	void enrollingNeedsAnActiveEnrollmentSecretAndNothingElse() {
		String body = enrollment("m-" + UUID.randomUUID(), "e-2");
		assertThat(this.anonymous.post("/agent/v1/enroll", body).status()).isEqualTo(401);
		assertThat(this.admin.post("/agent/v1/enroll", body).status()).isEqualTo(401);
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		assertThat(this.anonymous.as(agent.token()).post("/agent/v1/enroll", body).status()).isEqualTo(401);
		String revoked = AgentFixtures.enrollmentSecret(this.admin);
		String id = this.admin.get("/api/v1/enrollment-secrets?limit=500")
			.json()
			.get("items")
			.valueStream()
			.filter((s) -> revoked.startsWith(s.get("hint").stringValue().replace("…", "")))
			.findFirst()
			.orElseThrow()
			.get("id")
			.stringValue();
		this.admin.delete("/api/v1/enrollment-secrets/{id}", id);
		assertThat(this.anonymous.as(revoked).post("/agent/v1/enroll", body).status()).isEqualTo(401);
	}

	@Test
	void aCheckInWithTheFullReportRecordsTheObservedStateAndAHashOnlyCheckInChangesNothing() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		ApiResponse first = host.post("/agent/v1/check-in", checkIn(1, HVO_OFF));
		assertThat(first.json().get("accepted").booleanValue()).isTrue();
		assertThat(first.json().get("fullReportWanted").booleanValue()).isFalse();
		assertThat(first.json().get("nextCheckInSeconds").intValue()).isBetween(27, 33);
		JsonNode observed = this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().get("observed");
		assertThat(observed.get("hvo").stringValue()).isEqualTo("off");
		assertThat(observed.get("hvoReclaimedBytes").longValue()).isZero();
		int historyBefore = history(agent.hostId()).size();
		ApiResponse unchanged = host.post("/agent/v1/check-in", checkInHashOnly(2, HVO_OFF));
		assertThat(unchanged.json().get("accepted").booleanValue()).isTrue();
		assertThat(unchanged.json().get("fullReportWanted").booleanValue()).isFalse();
		assertThat(history(agent.hostId())).hasSize(historyBefore);
		assertThat(this.admin.get("/api/v1/hosts/{id}/report", agent.hostId()).json().get("sequence").longValue())
			.isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.admin.get("/api/v1/hosts/{id}", agent.hostId())
				.json()
				.at("/agent/lastSequence")
				.longValue() == 2);
	}

	@Test
	void theSwitchPersistedAndTheVduseModulesAreStoredAndAnOlderAgentsReportLeavesTheSwitchPersistedNull() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		ObjectNode report = (ObjectNode) JSON.readTree(AgentReports.report(AgentReports.VDUSE_TWO_DEVICES));
		((ObjectNode) report.get("hvo")).put("switchPersisted", true);
		((ObjectNode) report.get("hvo").get("unknown")).remove("switchPersisted");
		assertThat(host.post("/agent/v1/check-in", checkIn(1, JSON.writeValueAsString(report))).status())
			.isEqualTo(200);
		JsonNode observed = this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().get("observed");
		assertThat(observed.get("hvoSwitchPersisted").booleanValue()).isTrue();
		assertThat(observed.get("vduseModulesLoaded").booleanValue()).isTrue();
		assertThat(this.jdbc
			.sql("SELECT hvo_switch_persisted AND vduse_modules_loaded FROM host_state WHERE host_id = ?::uuid")
			.param(agent.hostId())
			.query(Boolean.class)
			.single()).isTrue();

		ObjectNode older = (ObjectNode) JSON.readTree(AgentReports.report(AgentReports.HVO_OFF));
		((ObjectNode) older.get("hvo")).remove("switchPersisted");
		((ObjectNode) older.get("hvo").get("unknown")).remove("switchPersisted");
		assertThat(host.post("/agent/v1/check-in", checkIn(2, JSON.writeValueAsString(older))).status())
			.as("a report without the member validates")
			.isEqualTo(200);
		JsonNode after = this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().get("observed");
		assertThat(after.get("hvoSwitchPersisted").isNull()).isTrue();
		assertThat(after.get("vduseModulesLoaded").booleanValue()).as("the 6.18 VM has no vDPA").isFalse();
		assertThat(AgentFixtures.changedFields(this.admin, agent.hostId()))
			.anySatisfy((change) -> assertThat(change.get("field").stringValue()).isEqualTo("hvo.switchPersisted"))
			.anySatisfy((change) -> assertThat(change.get("field").stringValue()).isEqualTo("vduse.modulesLoaded"));
	}

	@Test
	void aChangedReportWritesOneHistoryEntryWithEveryFieldItChanged() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		host.post("/agent/v1/check-in", checkIn(1, HVO_OFF));
		ApiResponse changed = host.post("/agent/v1/check-in", checkIn(2, HVO_ON));
		assertThat(changed.json().get("accepted").booleanValue()).isTrue();
		List<JsonNode> history = history(agent.hostId());
		JsonNode switchOn = history.stream()
			.filter((c) -> c.get("field").stringValue().equals("hvo.switchOn"))
			.findFirst()
			.orElseThrow();
		assertThat(switchOn.get("from").booleanValue()).isFalse();
		assertThat(switchOn.get("to").booleanValue()).isTrue();
		assertThat(fields(history)).contains("hugetlb.2097152.total", "hvo.reclaimedBytes");
		JsonNode observed = this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().get("observed");
		assertThat(observed.get("hvo").stringValue()).isEqualTo("on");
		assertThat(observed.get("hvoReclaimedBytes").longValue()).isEqualTo(128L * 7 * 4096);
		assertThat(observed.at("/hugetlbPools/0/bytes").longValue()).isEqualTo(128L * 2 * 1024 * 1024);
		assertThat(ids("hvo=on")).contains(agent.hostId());
		assertThat(ids("hvo=off")).doesNotContain(agent.hostId());

		// Newest first, one entry per observation: the switch, the first report, the
		// enrollment; one at a time with the cursor.
		JsonNode newest = this.admin.get("/api/v1/hosts/{id}/history?limit=1", agent.hostId()).json();
		assertThat(newest.get("items")).hasSize(1);
		assertThat(fields(newest.at("/items/0/changes").valueStream().toList())).contains("hvo.switchOn",
				"hugetlb.2097152.total", "hvo.reclaimedBytes");
		JsonNode older = this.admin
			.get("/api/v1/hosts/{id}/history?limit=5&cursor=" + newest.get("nextCursor").stringValue(), agent.hostId())
			.json();
		assertThat(older.get("items")).hasSize(2);
		assertThat(older.at("/items/0/id").longValue()).isLessThan(newest.at("/items/0/id").longValue());
		assertThat(fields(older.at("/items/0/changes").valueStream().toList())).contains("hvo.switchOn",
				"kernel.release");
		assertThat(fields(older.at("/items/1/changes").valueStream().toList())).containsExactly("enrollment");
		assertThat(older.get("nextCursor").isNull()).isTrue();
	}

	@Test
	void aChangedReportIsComparedWithWhatTheDatabaseHoldsWhenAnotherReplicaTookTheLastOne() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		host.post("/agent/v1/check-in", checkIn(1, HVO_OFF));
		this.jdbc.sql("UPDATE host_state SET hvo = 'on', hvo_switch_on = true WHERE host_id = CAST(? AS uuid)")
			.param(agent.hostId())
			.update();
		this.jdbc.sql("UPDATE host_agent SET report_hash = ? WHERE host_id = CAST(? AS uuid)")
			.params("f".repeat(64), agent.hostId())
			.update();
		host.post("/agent/v1/check-in", checkIn(2, HVO_ON));
		List<JsonNode> history = history(agent.hostId());
		assertThat(history).as("the switch was already on in the database")
			.noneMatch((change) -> change.get("field").stringValue().equals("hvo.switchOn")
					&& change.get("to").booleanValue());
		assertThat(fields(history)).contains("hugetlb.2097152.total");
	}

	@Test
	void aReplayedOrOlderSequenceNeverRollsStateBack() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		host.post("/agent/v1/check-in", checkIn(1, HVO_OFF));
		host.post("/agent/v1/check-in", checkIn(5, HVO_ON));
		int historySize = history(agent.hostId()).size();
		for (long sequence : new long[] { 5, 4, 1 }) {
			ApiResponse replay = host.post("/agent/v1/check-in", checkIn(sequence, HVO_OFF));
			assertThat(replay.json().get("accepted").booleanValue()).isFalse();
			assertThat(replay.json().get("acknowledgedSequence").longValue()).isEqualTo(5);
		}
		assertThat(this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().at("/observed/hvo").stringValue())
			.isEqualTo("on");
		assertThat(history(agent.hostId())).hasSize(historySize);
	}

	@Test
	void anUnknownHashAsksForTheFullReport() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		ApiResponse beforeAnyReport = host.post("/agent/v1/check-in", checkInHashOnly(1, HVO_OFF));
		assertThat(beforeAnyReport.json().get("fullReportWanted").booleanValue()).isTrue();
		host.post("/agent/v1/check-in", checkIn(2, HVO_OFF));
		ApiResponse otherHash = host.post("/agent/v1/check-in", checkInHashOnly(3, HVO_ON));
		assertThat(otherHash.json().get("fullReportWanted").booleanValue()).isTrue();
	}

	@Test
	void aHostTokenOnlyEverWritesItsOwnHost() {
		Agent first = Agent.enroll(this.anonymous, this.secret, this.prefix);
		Agent second = Agent.enroll(this.anonymous, this.secret, this.prefix);
		this.anonymous.as(second.token()).post("/agent/v1/check-in", checkIn(1, HVO_OFF));
		this.anonymous.as(first.token()).post("/agent/v1/check-in", checkIn(1, HVO_ON));
		assertThat(this.admin.get("/api/v1/hosts/{id}", second.hostId()).json().at("/observed/hvo").stringValue())
			.isEqualTo("off");
		assertThat(this.admin.get("/api/v1/hosts/{id}", first.hostId()).json().at("/observed/hvo").stringValue())
			.isEqualTo("on");
		assertThat(this.anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN).get("/agent/v1/ping").status()).isEqualTo(401);
	}

	@Test
	void anAgentOfAnUnknownVersionIsAcceptedWhenItsReportValidates() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		String body = checkIn(1, HVO_OFF).replace("\"agentVersion\":\"0.1.0\"", "\"agentVersion\":\"99.0.0-future\"");
		ApiResponse response = this.anonymous.as(agent.token()).post("/agent/v1/check-in", body);
		assertThat(response.json().get("accepted").booleanValue()).isTrue();
		assertThat(this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().at("/agent/version").stringValue())
			.isEqualTo("99.0.0-future");
		JsonNode upgrade = history(agent.hostId()).stream()
			.filter((change) -> change.get("field").stringValue().equals("agent.version"))
			.findFirst()
			.orElseThrow();
		assertThat(upgrade.get("from").stringValue()).as("the version it enrolled with").isEqualTo("0.1.0");
		assertThat(upgrade.get("to").stringValue()).isEqualTo("99.0.0-future");
	}

	@Test
	void invalidMalformedAndOversizedCheckInsAreRefusedAndChangeNothing() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		host.post("/agent/v1/check-in", checkIn(1, HVO_OFF));
		String invalid = HVO_ON.replace("\"switchOn\":true", "\"switchOn\":\"yes\"");
		ApiResponse refused = host.post("/agent/v1/check-in", checkIn(2, invalid));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("switchOn");
		assertThat(host.post("/agent/v1/check-in", "{\"sequence\": 3,").status()).isEqualTo(400);
		assertThat(host.post("/agent/v1/check-in", "{\"agentVersion\":\"x\",\"sequence\":0,\"reportHash\":\"zz\"}")
			.status()).isEqualTo(400);
		ApiResponse badResult = host.post("/agent/v1/check-in", "{\"agentVersion\":\"0.1.0\",\"sequence\":3,"
				+ "\"reportHash\":\"" + "b".repeat(64)
				+ "\",\"actionResults\":[{\"desiredVersion\":1,\"actionId\":\"1\","
				+ "\"type\":\"hvo.set-switch\",\"outcome\":\"maybe\",\"detail\":\"\",\"startedAt\":\"2026-11-27T10:00:00Z\","
				+ "\"finishedAt\":\"2026-11-27T10:00:00Z\",\"pools\":[]}]}");
		assertThat(badResult.status()).isEqualTo(400);
		assertThat(badResult.json().get("errors").findValuesAsString("field")).contains("actionResults[0].outcome");
		ApiResponse badFields = host.post("/agent/v1/check-in",
				"{\"agentVersion\":\"\",\"sequence\":-1,\"reportHash\":\"ABC\"}");
		assertThat(badFields.json().get("errors").findValuesAsString("field")).containsExactly("agentVersion",
				"sequence", "reportHash");
		String huge = checkIn(4, HVO_ON.replace("\"commandLine\":\"", "\"commandLine\":\"" + "x".repeat(600_000)));
		assertThat(host.post("/agent/v1/check-in", huge).status()).isEqualTo(413);
		assertThat(this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().at("/observed/hvo").stringValue())
			.isEqualTo("off");
		assertThat(this.admin.get("/api/v1/hosts/{id}/report", agent.hostId()).json().get("sequence").longValue())
			.isEqualTo(1);
	}

	@Test
	void aCheckInBodyIsBoundedWhenItsLengthIsNotDeclaredAndAnEmptyOneIsAProblem() throws Exception {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		host.post("/agent/v1/check-in", checkIn(1, HVO_OFF));
		byte[] huge = checkIn(2, HVO_ON.replace("\"commandLine\":\"", "\"commandLine\":\"" + "x".repeat(600_000)))
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> chunked = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/agent/v1/check-in"))
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + agent.token())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(chunked.body()).contains("payload-too-large");
		ApiResponse empty = host.post("/agent/v1/check-in", "");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.json().get("type").stringValue()).endsWith("malformed-body");
		assertThat(this.admin.get("/api/v1/hosts/{id}/report", agent.hostId()).json().get("sequence").longValue())
			.isEqualTo(1);
	}

	@Test
	void listsTheVduseDevicesOfTheLatestReport() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		String report = AgentReports.report(AgentReports.VDUSE_TWO_DEVICES);
		this.anonymous.as(agent.token()).post("/agent/v1/check-in", checkIn(1, report));
		JsonNode devices = this.admin.get("/api/v1/hosts/{id}/vduse-devices", agent.hostId()).json().get("items");
		assertThat(devices).hasSize(2);
		assertThat(devices.get(0).get("name").stringValue()).isEqualTo("vduse0");
		assertThat(devices.get(0).get("driver").stringValue()).isEqualTo("virtio_vdpa");
		assertThat(devices.get(0).get("type").stringValue()).isEqualTo("block");
		assertThat(devices.get(1).get("driver").stringValue()).isEqualTo("vhost_vdpa");
		assertThat(devices.get(0).get("backendGone").booleanValue()).isFalse();
		assertThat(devices.get(0).get("consumerKind").stringValue()).isEqualTo("block-device");
		assertThat(ids("vduseDevices=true")).contains(agent.hostId());
		assertThat(fields(history(agent.hostId()))).contains("vduse.device.vduse0", "vduse.device.vduse1");
		ApiResponse page = this.admin.get("/api/v1/hosts/{id}/vduse-devices?limit=1", agent.hostId());
		ApiResponse next = this.admin.get(
				"/api/v1/hosts/{id}/vduse-devices?limit=1&cursor=" + page.json().get("nextCursor").stringValue(),
				agent.hostId());
		assertThat(next.json().at("/items/0/name").stringValue()).isEqualTo("vduse1");
	}

	@Test
	void aDeviceWhoseBackEndIsGoneIsListedAsOrphaned() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ObjectNode report = (ObjectNode) JSON.readTree(AgentReports.report(AgentReports.VDUSE_TWO_DEVICES));
		ObjectNode device = (ObjectNode) report.at("/vduse/devices/1");
		device.putArray("backends");
		((ObjectNode) device.get("health")).put("verdict", "unhealthy").put("reason", "the back end is gone");
		this.anonymous.as(agent.token()).post("/agent/v1/check-in", checkIn(1, JSON.writeValueAsString(report)));
		JsonNode devices = this.admin.get("/api/v1/hosts/{id}/vduse-devices", agent.hostId()).json().get("items");
		assertThat(devices.at("/0/backendGone").booleanValue()).isFalse();
		assertThat(devices.at("/1/backendGone").booleanValue()).isTrue();
		assertThat(devices.at("/1/backendPid").isNull()).isTrue();
		assertThat(devices.at("/1/health").stringValue()).isEqualTo("unhealthy");
	}

	@Test
	void aChangedReportReplacesTheDevicesAndTheKernelReleaseAndRecordsTheAgentUpgradeLast() {
		Agent agent = Agent.enroll(this.anonymous, this.secret, this.prefix);
		ApiClient host = this.anonymous.as(agent.token());
		String first = AgentReports.report(AgentReports.VDUSE_TWO_DEVICES);
		host.post("/agent/v1/check-in", checkIn(1, first));
		int before = history(agent.hostId()).size();
		ObjectNode report = (ObjectNode) JSON.readTree(first);
		ArrayNode devices = (ArrayNode) report.at("/vduse/devices");
		ObjectNode renamed = (ObjectNode) devices.get(0).deepCopy();
		renamed.put("name", "vduse7");
		devices.remove(1);
		((ObjectNode) devices.get(0)).put("driver", "vhost_vdpa");
		devices.add(renamed);
		((ObjectNode) report.get("kernel")).put("release", "6.12.99-kfleet");
		String upgraded = checkIn(2, JSON.writeValueAsString(report)).replace("\"agentVersion\":\"0.1.0\"",
				"\"agentVersion\":\"0.2.0\"");
		assertThat(host.post("/agent/v1/check-in", upgraded).json().get("accepted").booleanValue()).isTrue();
		JsonNode listed = this.admin.get("/api/v1/hosts/{id}/vduse-devices", agent.hostId()).json().get("items");
		assertThat(listed.valueStream().map((device) -> device.get("name").stringValue())).containsExactly("vduse0",
				"vduse7");
		assertThat(listed.at("/0/driver").stringValue()).isEqualTo("vhost_vdpa");
		assertThat(this.admin.get("/api/v1/hosts/{id}", agent.hostId()).json().get("kernelRelease").stringValue())
			.isEqualTo("6.12.99-kfleet");
		List<JsonNode> history = history(agent.hostId());
		List<String> changed = fields(history.subList(0, history.size() - before));
		assertThat(changed).as("one entry, the agent's upgrade its last change")
			.endsWith("agent.version")
			.containsExactlyInAnyOrder("agent.version", "kernel.release", "vduse.device.vduse0", "vduse.device.vduse1",
					"vduse.device.vduse7");
	}

	@Test
	void hostsWhoseAgentStoppedCheckingInAreStale() {
		Agent current = Agent.enroll(this.anonymous, this.secret, this.prefix);
		Agent gone = Agent.enroll(this.anonymous, this.secret, this.prefix);
		this.jdbc.sql("UPDATE host_agent SET last_seen_at = ? WHERE host_id = CAST(? AS uuid)")
			.params(Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))), gone.hostId())
			.update();
		assertThat(ids("stale=true")).contains(gone.hostId()).doesNotContain(current.hostId());
		assertThat(ids("stale=false")).contains(current.hostId()).doesNotContain(gone.hostId());
		assertThat(this.admin.get("/api/v1/hosts/{id}", gone.hostId()).json().at("/agent/stale").booleanValue())
			.isTrue();
	}

	private List<String> ids(String query) {
		List<String> ids = new ArrayList<>();
		String cursor = null;
		do {
			ApiResponse page = this.admin.get("/api/v1/hosts?limit=500&hostnameContains=" + this.prefix + "&" + query
					+ ((cursor != null) ? "&cursor=" + cursor : ""));
			page.json().get("items").forEach((host) -> ids.add(host.get("id").stringValue()));
			cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").stringValue();
		}
		while (cursor != null);
		return ids;
	}

	private List<JsonNode> history(String hostId) {
		return AgentFixtures.changedFields(this.admin, hostId);
	}

	private static List<String> fields(List<JsonNode> history) {
		return history.stream().map((change) -> change.get("field").stringValue()).toList();
	}

}
