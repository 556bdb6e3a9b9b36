package dev.kfleet.hosts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;

import static dev.kfleet.hosts.HostFixtures.registration;
import static dev.kfleet.hosts.HostFixtures.uniqueMachineId;
import static dev.kfleet.hosts.HostFixtures.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;

@KfleetIntegrationTest
class HostsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	ApiClient admin;

	String run;

	@BeforeEach
	void setUp() {
		this.admin = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		this.run = uniqueRun();
	}

	@Test
	void registeringTheSameMachineTwiceReturnsTheSameHost() {
		String machineId = uniqueMachineId();
		ApiResponse first = this.admin.post("/api/v1/hosts", registration(machineId, "web-1", "6.18.44", Map.of()));
		ApiResponse second = this.admin.post("/api/v1/hosts", registration(machineId, "web-1", "6.18.44", Map.of()));
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.header("Location")).isEqualTo("/api/v1/hosts/" + id(first));
		assertThat(second.status()).isEqualTo(200);
		assertThat(id(second)).isEqualTo(id(first));
		assertThat(second.json()).isEqualTo(first.json());
	}

	@Test
	void registeringAgainUpdatesTheFactsButKeepsTheOperatorsLabels() {
		String machineId = uniqueMachineId();
		ApiResponse first = this.admin.post("/api/v1/hosts",
				registration(machineId, "web-1", "6.12.1", Map.of("env", "prod")));
		ApiResponse again = this.admin.post("/api/v1/hosts",
				registration(machineId, "web-1b", "6.18.44", Map.of("env", "dev")));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("hostname").stringValue()).isEqualTo("web-1b");
		assertThat(again.json().get("kernelRelease").stringValue()).isEqualTo("6.18.44");
		assertThat(again.json().at("/labels/env").stringValue()).isEqualTo("prod");
		assertThat(again.header("ETag")).isNotEqualTo(first.header("ETag"));
	}

	@Test
	void concurrentRegistrationsOfOneMachineMakeOneHost() throws Exception {
		String machineId = uniqueMachineId();
		List<Callable<ApiResponse>> calls = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			calls.add(() -> this.admin.post("/api/v1/hosts", registration(machineId, "race", "6.18.44", Map.of())));
		}
		try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
			List<ApiResponse> responses = new ArrayList<>();
			for (Future<ApiResponse> future : executor.invokeAll(calls)) {
				responses.add(future.get());
			}
			assertThat(responses).extracting(ApiResponse::status).containsOnly(200, 201).containsOnlyOnce(201);
			assertThat(responses.stream().map(HostsIntegrationTests::id).distinct()).hasSize(1);
		}
	}

	@Test
	void getsAHostWithItsEtag() {
		ApiResponse created = register("db-1", "6.18.44", Map.of("env", "prod"));
		ApiResponse read = this.admin.get("/api/v1/hosts/{id}", id(created));
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json()).isEqualTo(created.json());
		assertThat(read.header("ETag")).isEqualTo("\"0\"");
	}

	@Test
	void listsHostsMatchingAKubernetesLabelSelector() {
		register("a", "6.18.44", Map.of("run", this.run, "env", "prod", "rack", "r1"));
		register("b", "6.18.44", Map.of("run", this.run, "env", "prod", "rack", "r2", "canary", "true"));
		register("c", "6.18.44", Map.of("run", this.run, "env", "prod", "rack", "r3"));
		register("d", "6.18.44", Map.of("run", this.run, "env", "dev", "rack", "r1"));
		register("e", "6.18.44", Map.of("run", this.run, "env", "prod"));
		assertThat(hostnames("run=" + this.run + ",env=prod,rack in (r1,r2),!canary")).containsExactly("a");
		assertThat(hostnames("run==" + this.run + ",env!=prod")).containsExactly("d");
		assertThat(hostnames("run=" + this.run + ",rack notin (r1, r3)")).containsExactlyInAnyOrder("b", "e");
		assertThat(hostnames("run=" + this.run + ",canary")).containsExactly("b");
		assertThat(hostnames("run=" + this.run + ",!rack")).containsExactly("e");
		assertThat(hostnames("run=" + this.run)).hasSize(5);
	}

	@Test
	void filtersByKernelReleasePrefixHostnameSubstringAndLastSeen() {
		String first = id(register("edge-Alpha-1", "6.18.44", Map.of("run", this.run)));
		String second = id(register("edge-beta-2", "6.12.95+deb12-amd64", Map.of("run", this.run)));
		register("core-gamma-3", "6.18_7", Map.of("run", this.run));
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		seen(first, now.minus(2, ChronoUnit.HOURS));
		seen(second, now);
		String selector = "run=" + this.run;
		assertThat(hostnames(selector, "&kernelReleasePrefix=6.18")).containsExactlyInAnyOrder("edge-Alpha-1",
				"core-gamma-3");
		assertThat(hostnames(selector, "&kernelReleasePrefix=6.18_")).containsExactly("core-gamma-3");
		assertThat(hostnames(selector, "&hostnameContains=ALPHA")).containsExactly("edge-Alpha-1");
		assertThat(hostnames(selector, "&hostnameContains=edge-")).hasSize(2);
		assertThat(hostnames(selector, "&lastSeenBefore=" + now.minus(1, ChronoUnit.HOURS)))
			.containsExactly("edge-Alpha-1");
		assertThat(hostnames(selector, "&lastSeenAfter=" + now)).containsExactly("edge-beta-2");
	}

	@Test
	void patchesLabelsWithAJsonMergePatch() {
		String id = id(register("p-1", "6.18.44", Map.of("env", "dev", "canary", "true", "team", "k")));
		ApiResponse patched = this.admin.patch("/api/v1/hosts/{id}",
				"{\"labels\":{\"env\":\"prod\",\"canary\":null,\"rack\":\"r9\"}}", id);
		assertThat(patched.status()).isEqualTo(200);
		assertThat(labels(patched)).isEqualTo(Map.of("env", "prod", "team", "k", "rack", "r9"));
		assertThat(patched.header("ETag")).isEqualTo("\"1\"");
		ApiResponse cleared = this.admin.patch("/api/v1/hosts/{id}", "{\"labels\":null}", id);
		assertThat(labels(cleared)).isEmpty();
		ApiResponse unchanged = this.admin.patch("/api/v1/hosts/{id}", "{}", id);
		assertThat(unchanged.header("ETag")).isEqualTo(cleared.header("ETag"));
	}

	@Test
	void aPatchWithAStaleIfMatchIsRefusedAndChangesNothing() {
		String id = id(register("p-2", "6.18.44", Map.of("env", "dev")));
		this.admin.patch("/api/v1/hosts/{id}", "{\"labels\":{\"env\":\"prod\"}}", id);
		ApiResponse stale = this.admin.send("PATCH", "/api/v1/hosts/{id}", "application/merge-patch+json",
				"{\"labels\":{\"env\":\"test\"}}", List.of("If-Match", "\"0\""), id);
		assertThat(stale.status()).isEqualTo(412);
		assertThat(labels(this.admin.get("/api/v1/hosts/{id}", id))).isEqualTo(Map.of("env", "prod"));
		ApiResponse current = this.admin.send("PATCH", "/api/v1/hosts/{id}", "application/merge-patch+json",
				"{\"labels\":{\"env\":\"test\"}}", List.of("If-Match", "\"1\""), id);
		assertThat(current.status()).isEqualTo(200);
	}

	@Test
	void decommissionedHostsLeaveTheListsButKeepTheirRecord() {
		String kept = id(register("keep", "6.18.44", Map.of("run", this.run)));
		String gone = id(register("gone", "6.18.44", Map.of("run", this.run)));
		ApiResponse decommissioned = this.admin.delete("/api/v1/hosts/{id}", gone);
		assertThat(decommissioned.json().get("state").stringValue()).isEqualTo("decommissioned");
		assertThat(this.admin.delete("/api/v1/hosts/{id}", gone).status()).isEqualTo(200);
		assertThat(ids("run=" + this.run, "")).containsExactly(kept);
		assertThat(ids("run=" + this.run, "&includeDecommissioned=true")).containsExactlyInAnyOrder(kept, gone);
		ApiResponse read = this.admin.get("/api/v1/hosts/{id}", gone);
		assertThat(read.json().get("decommissionedAt").isNull()).isFalse();
		assertThat(this.admin.patch("/api/v1/hosts/{id}", "{\"labels\":{\"a\":\"b\"}}", gone).status()).isEqualTo(409);
	}

	@Test
	void aDecommissionedMachineThatRegistersAgainIsActiveAgainUnderTheSameId() {
		String machineId = uniqueMachineId();
		String id = id(this.admin.post("/api/v1/hosts", registration(machineId, "phoenix", "6.18.44", Map.of())));
		this.admin.delete("/api/v1/hosts/{id}", id);
		ApiResponse again = this.admin.post("/api/v1/hosts", registration(machineId, "phoenix", "6.18.44", Map.of()));
		assertThat(again.status()).isEqualTo(200);
		assertThat(id(again)).isEqualTo(id);
		assertThat(again.json().get("state").stringValue()).isEqualTo("active");
	}

	private ApiResponse register(String hostname, String kernel, Map<String, String> labels) {
		ApiResponse response = this.admin.post("/api/v1/hosts",
				registration(uniqueMachineId(), hostname, kernel, labels));
		assertThat(response.status()).isEqualTo(201);
		return response;
	}

	private void seen(String id, Instant when) {
		this.jdbc.sql("INSERT INTO host_agent (host_id, enrolled_at, last_seen_at) VALUES (CAST(? AS uuid), ?, ?)")
			.params(id, Timestamp.from(when), Timestamp.from(when))
			.update();
	}

	private List<String> hostnames(String selector) {
		return hostnames(selector, "");
	}

	private List<String> hostnames(String selector, String query) {
		return items(selector, query).stream().map((host) -> host.get("hostname").stringValue()).toList();
	}

	private List<String> ids(String selector, String query) {
		return items(selector, query).stream().map((host) -> host.get("id").stringValue()).toList();
	}

	private List<JsonNode> items(String selector, String query) {
		ApiResponse page = this.admin.get("/api/v1/hosts?selector={s}" + query, encode(selector));
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		page.json().get("items").forEach(items::add);
		return items;
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	private static Map<String, String> labels(ApiResponse response) {
		return response.json()
			.get("labels")
			.properties()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (label) -> label.getValue().stringValue()));
	}

	static String id(ApiResponse response) {
		return response.json().get("id").stringValue();
	}

	static Set<String> idsOf(JsonNode page) {
		Set<String> ids = new java.util.HashSet<>();
		page.get("items").forEach((host) -> ids.add(host.get("id").stringValue()));
		return ids;
	}

}
