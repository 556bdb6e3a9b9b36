package dev.kfleet.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.OpenApiContract;
import dev.kfleet.RawHttp;
import dev.kfleet.agents.AgentReports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input rules of the contract's {@code info.description} (ADR 0027): strict JSON,
 * lengths in code points, no U+0000 anywhere and no control characters in names, instants
 * and integers in range; each refusal a 400 problem naming the field, never a 500.
 */
@KfleetIntegrationTest
class StrictInputIntegrationTests {

	static final String EMOJI = "\uD83D\uDE00";

	@LocalServerPort
	int port;

	ApiClient admin;

	String hostId;

	@BeforeEach
	void setUp() {
		this.admin = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		this.hostId = this.admin.post("/api/v1/hosts", """
				{"machineId":"m-%s","hostname":"strict","kernelRelease":"6.18.44"}""".formatted(UUID.randomUUID()))
			.json()
			.get("id")
			.stringValue();
	}

	@Test
	void aMemberNamedTwiceIsRefused() {
		assertRefused(token("{\"name\":\"a\",\"name\":\"b\",\"role\":\"viewer\"}"), "name", "twice");
		assertRefused(this.admin.patch("/api/v1/hosts/{id}", "{\"labels\":{\"a\":\"b\",\"a\":\"c\"}}", this.hostId),
				"labels.a", "twice");
	}

	@Test
	void numbersAndBooleansAreNotStringsAndStringsAreNotNumbers() {
		assertRefused(token("{\"name\":5,\"role\":\"viewer\"}"), "name", "must be a string");
		assertRefused(token("{\"name\":true,\"role\":\"viewer\"}"), "name", "must be a string");
		assertRefused(token("{\"name\":\"n\",\"role\":\"viewer\",\"expiresAt\":4102444800}"), "expiresAt",
				"must be a string");
		assertRefused(
				this.admin.post("/api/v1/hosts", "{\"machineId\":\"m-1\",\"hostname\":\"h\",\"labels\":{\"a\":1}}"),
				"labels.a", "must be a string");
		assertRefused(this.admin.put("/api/v1/hosts/{id}/desired-state",
				"{\"actions\":[{\"type\":\"hvo.rebuild-free-pages\",\"parameters\":{\"pageSizeBytes\":[2097152.0]}}]}",
				this.hostId), "actions[0].parameters.pageSizeBytes", "huge page sizes");
	}

	@Test
	void nestingDeeperThan32LevelsIsRefusedAndDepth32IsRead() {
		ApiResponse deep = this.admin.patch("/api/v1/hosts/{id}", nested(33), this.hostId);
		assertRefused(deep, null, "nested");
		ApiResponse deepest = this.admin.patch("/api/v1/hosts/{id}", nested(32), this.hostId);
		assertThat(deepest.status()).isEqualTo(400);
		assertThat(deepest.body()).doesNotContain("nested").contains("labels.a");
	}

	@Test
	void hugeNumbersAreRefusedCleanly() {
		assertRefused(this.admin.get("/api/v1/hosts?limit=99999999999999999999999"), "limit", "not a valid");
		String huge = "9".repeat(100);
		assertRefused(this.admin.put("/api/v1/hosts/{id}/desired-state",
				"{\"actions\":[{\"type\":\"hvo.rebuild-free-pages\",\"parameters\":{\"pageSizeBytes\":[" + huge
						+ "]}}]}",
				this.hostId), null, "too long a number");
		assertRefused(this.admin.put("/api/v1/hosts/{id}/desired-state",
				"{\"actions\":[{\"type\":\"hvo.rebuild-free-pages\",\"parameters\":{\"pageSizeBytes\":[18446744073711648768]}}]}",
				this.hostId), "actions[0].parameters.pageSizeBytes", "huge page sizes");
	}

	@Test
	void lengthsCountCodePoints() {
		ApiResponse hundred = token("{\"name\":\"" + EMOJI.repeat(100) + "\",\"role\":\"viewer\"}");
		assertThat(hundred.status()).as(hundred.body()).isEqualTo(201);
		assertThat(hundred.json().at("/token/name").stringValue()).isEqualTo(EMOJI.repeat(100));
		assertRefused(token("{\"name\":\"" + EMOJI.repeat(101) + "\",\"role\":\"viewer\"}"), "name", "length");
		assertThat(this.admin.get("/api/v1/hosts?hostnameContains=" + "%F0%9F%98%80".repeat(253)).status())
			.isEqualTo(200);
		assertRefused(this.admin.get("/api/v1/hosts?hostnameContains=" + "%F0%9F%98%80".repeat(254)),
				"hostnameContains", "length");
		assertRefused(this.admin.get("/api/v1/hosts?selector=" + "a".repeat(4097)), "selector", "length");
		assertThat(this.admin.get("/api/v1/hosts?cursor=" + "a".repeat(513)).json().get("type").stringValue())
			.endsWith("invalid-cursor");
	}

	@Test
	void nulIsRefusedInBodiesQueriesPathsAndHeaders() {
		assertRefused(token("{\"name\":\"a\\u0000b\",\"role\":\"viewer\"}"), "name", "U+0000");
		assertRefused(this.admin.patch("/api/v1/hosts/{id}", "{\"labels\":{\"a\\u0000\":\"b\"}}", this.hostId),
				"labels.a\\u0000", "U+0000");
		assertRefused(this.admin.get("/api/v1/hosts?hostnameContains=a%00b"), "hostnameContains", "U+0000");
		assertRefused(this.admin.get("/api/v1/hosts?selector=env%3Dp%00"), "selector", "U+0000");
		RawHttp raw = new RawHttp(this.port);
		ApiResponse header = raw.send("PATCH", "/api/v1/hosts/" + this.hostId,
				List.of("Authorization", "Bearer " + KfleetIntegrationTest.ADMIN_TOKEN, "Content-Type",
						"application/merge-patch+json", "If-Match", "\"a\0b\""),
				"{\"labels\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(header.status()).as(header.body()).isEqualTo(400);
		OpenApiContract.get().assertMatchesSchema("Problem", header.body());
		ApiResponse path = raw.send("GET", "/api/v1/hosts/%00",
				List.of("Authorization", "Bearer " + KfleetIntegrationTest.ADMIN_TOKEN), null);
		assertThat(path.status()).as(path.body()).isEqualTo(400);
		OpenApiContract.get().assertMatchesSchema("Problem", path.body());
	}

	@Test
	void namesAndVersionsHoldNoControlCharacters() {
		assertRefused(token("{\"name\":\"a\\u001b[31mred\",\"role\":\"viewer\"}"), "name", "control characters");
		assertRefused(token("{\"name\":\"a\\nforged\",\"role\":\"viewer\"}"), "name", "control characters");
		assertRefused(this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"tab\\there\"}"), "name",
				"control characters");
	}

	@Test
	void instantsLieBetween1970And9999() {
		assertRefused(token(expiring("+1000000000-01-01T00:00:00Z")), "expiresAt", "1970-01-01 to 9999-12-31");
		assertRefused(token(expiring("10000-01-01T00:00:00Z")), "expiresAt", "1970-01-01 to 9999-12-31");
		assertRefused(token(expiring("1969-12-31T23:59:59Z")), "expiresAt", "1970-01-01 to 9999-12-31");
		assertRefused(token(expiring("2026-13-01T00:00:00Z")), "expiresAt", "1970-01-01 to 9999-12-31");
		ApiResponse latest = token(expiring("9999-12-31T23:59:59Z"));
		assertThat(latest.status()).as(latest.body()).isEqualTo(201);
		assertRefused(this.admin.post("/api/v1/enrollment-secrets",
				"{\"name\":\"far\",\"expiresAt\":\"+1000000000-01-01T00:00:00Z\"}"), "expiresAt", "9999-12-31");
		assertRefused(this.admin.get("/api/v1/hosts?lastSeenBefore=%2B1000000000-01-01T00:00:00Z"), "lastSeenBefore",
				"9999-12-31");
		assertRefused(this.admin.get("/api/v1/hosts?lastSeenAfter=0001-01-01T00:00:00Z"), "lastSeenAfter",
				"1970-01-01");
		assertThat(this.admin.get("/api/v1/hosts?lastSeenBefore=9999-12-31T23:59:59Z").status()).isEqualTo(200);
	}

	@Test
	void anUnknownEnumValueIsRefusedForAViewerToo() {
		String viewer = token("{\"name\":\"viewer\",\"role\":\"viewer\"}").json().get("secret").stringValue();
		ApiClient client = new ApiClient(this.port).as(viewer);
		assertRefused(client.get("/api/v1/hosts?hvo=bogus"), "hvo", "must be one of");
		assertThat(client.get("/api/v1/hosts?hvo=on").status()).isEqualTo(200);
	}

	@Test
	void aCheckInIsReadAsStrictly() {
		ApiClient agent = new ApiClient(this.port).as(hostToken());
		String report = AgentReports.report(AgentReports.HVO_ON_128);
		assertRefused(agent.post("/agent/v1/check-in", checkIn("\"1\"", report, "[]")), "sequence", "whole number");
		assertRefused(agent.post("/agent/v1/check-in", checkIn("9007199254740992", report, "[]")), "sequence",
				"9007199254740991");
		assertRefused(agent.post("/agent/v1/check-in", checkIn("1", report, "[" + result("\"1\"", "ok") + "]")),
				"actionResults[0].desiredVersion", "must be an integer");
		assertRefused(agent.post("/agent/v1/check-in", checkIn("1", report, "[" + result("1.5", "ok") + "]")),
				"actionResults[0].desiredVersion", "must be an integer");
		assertRefused(
				agent.post("/agent/v1/check-in",
						checkIn("1", report, "[" + result("1", "ok").replace("\"id\"", "\"id\\u001b\"") + "]")),
				"actionResults[0].actionId", "control characters");
		String nul = report.replace("\"commandLine\":\"", "\"commandLine\":\"\\u0000");
		assertRefused(agent.post("/agent/v1/check-in", checkIn("1", nul, "[]")), "report.kernel.commandLine", "U+0000");
		ApiResponse freeText = agent.post("/agent/v1/check-in",
				checkIn("2", report, "[" + result("1", "line one\\n\\tline two") + "]"));
		assertThat(freeText.status()).as(freeText.body()).isEqualTo(200);
	}

	@Test
	void theErrorPageAskedForDirectlyIsNotFound() {
		ApiClient anonymous = new ApiClient(this.port);
		for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
			ApiResponse response = anonymous.send(method, "/error", "application/json", "{}");
			assertThat(response.status()).as(method).isEqualTo(404);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("type").stringValue()).endsWith("/not-found");
		}
	}

	private String hostToken() {
		String secret = this.admin.post("/api/v1/enrollment-secrets", "{\"name\":\"strict\"}")
			.json()
			.get("value")
			.stringValue();
		return new ApiClient(this.port).as(secret)
			.post("/agent/v1/enroll",
					"""
							{"machineId":"m-%s","hostname":"strict","kernelRelease":"6.18.44","agentVersion":"0.1.0"}"""
						.formatted(UUID.randomUUID()))
			.json()
			.get("hostToken")
			.stringValue();
	}

	private static String checkIn(String sequence, String report, String results) {
		return """
				{"agentVersion":"0.1.0","sequence":%s,"reportHash":"%s","report":%s,"actionResults":%s}"""
			.formatted(sequence, AgentReports.sha256(report), report, results);
	}

	private static String result(String desiredVersion, String detail) {
		return """
				{"desiredVersion":%s,"actionId":"id","type":"hvo.set-switch","outcome":"succeeded","detail":"%s",				"startedAt":"2026-12-06T00:00:00Z","finishedAt":"2026-12-06T00:00:01Z","pools":[]}"""
			.formatted(desiredVersion, detail);
	}

	private ApiResponse token(String body) {
		return this.admin.post("/api/v1/tokens", body);
	}

	private static String expiring(String at) {
		return "{\"name\":\"n\",\"role\":\"viewer\",\"expiresAt\":\"" + at + "\"}";
	}

	private static String nested(int depth) {
		// {"labels":{"a":{"a":…}}}: the body is level 1, labels level 2
		return "{\"labels\":" + "{\"a\":".repeat(depth - 1) + "\"x\"" + "}".repeat(depth - 1) + "}";
	}

	private static void assertRefused(ApiResponse response, String field, String message) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("detail").stringValue()).isNotBlank();
		if (field == null) {
			assertThat(problem.toString()).contains(message);
			return;
		}
		List<String> seen = new ArrayList<>();
		problem.path("errors")
			.forEach((error) -> seen.add(error.get("field").stringValue() + ": " + error.get("message").stringValue()));
		assertThat(seen).as(response.body())
			.anySatisfy((error) -> assertThat(error).startsWith(field + ": ").contains(message));
	}

}
