package dev.kfleet.platform;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input gets the right status and a problem document, and changes
 * nothing that is stored.
 */
@KfleetIntegrationTest
class BadInputIntegrationTests {

	@LocalServerPort
	int port;

	ApiClient admin;

	String hostId;

	String hostBefore;

	@BeforeEach
	void setUp() {
		this.admin = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		ApiResponse host = this.admin.post("/api/v1/hosts", """
				{"machineId":"%s","hostname":"victim","kernelRelease":"6.18.44","labels":{"env":"prod"}}"""
			.formatted("m-" + UUID.randomUUID()));
		this.hostId = host.json().get("id").stringValue();
		this.hostBefore = host.body();
	}

	@Test
	void malformedJsonIs400WithWhereItBroke() {
		ApiResponse response = this.admin.post("/api/v1/hosts", "{\"machineId\": \"x\",");
		assertProblem(response, 400, "malformed-body");
		assertThat(response.json().get("detail").stringValue()).contains("line 1");
	}

	@Test
	void aFieldOfTheWrongTypeIs400() {
		ApiResponse response = this.admin.post("/api/v1/hosts",
				"{\"machineId\":\"m-x\",\"hostname\":\"h\",\"labels\":[\"not\",\"a\",\"map\"]}");
		assertProblem(response, 400, "malformed-body");
		assertThat(response.json().get("detail").stringValue()).contains("labels");
	}

	@Test
	void anUnknownFieldIs400() {
		ApiResponse response = this.admin.post("/api/v1/hosts",
				"{\"machineId\":\"m-x\",\"hostname\":\"h\",\"colour\":\"blue\"}");
		assertProblem(response, 400, "malformed-body");
		assertThat(response.json().get("detail").stringValue()).contains("colour");
	}

	@Test
	void missingAndInvalidFieldsAreListedTogether() {
		ApiResponse response = this.admin.post("/api/v1/hosts",
				"{\"hostname\":\"-bad-\",\"labels\":{\"bad key\":\"v\",\"ok\":\"bad value!\"}}");
		assertProblem(response, 400, "invalid-request");
		assertThat(fields(response)).contains("machineId", "hostname", "labels.bad key", "labels.ok");
		assertThat(response.body()).contains("bad key").contains("bad value!");
	}

	@Test
	void anEmptyBodyIs400() {
		assertProblem(this.admin.post("/api/v1/hosts", ""), 400, "malformed-body");
	}

	@Test
	void theWrongMediaTypeIs415() {
		assertProblem(this.admin.send("POST", "/api/v1/hosts", "text/plain", "hello"), 415, "unsupported-media-type");
		assertProblem(
				this.admin.send("PATCH", "/api/v1/hosts/{id}", "application/json", "{\"labels\":{}}", this.hostId), 415,
				"unsupported-media-type");
		assertUnchanged();
	}

	@Test
	void aBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
		String huge = "{\"labels\":{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}";
		ApiResponse declared = this.admin.send("PATCH", "/api/v1/hosts/{id}", "application/merge-patch+json", huge,
				this.hostId);
		assertProblem(declared, 413, "payload-too-large");
		HttpResponse<String> chunked = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/hosts/" + this.hostId))
				.method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> repeat(huge)))
				.header("Content-Type", "application/merge-patch+json")
				.header("Authorization", "Bearer " + KfleetIntegrationTest.ADMIN_TOKEN)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(chunked.statusCode()).isEqualTo(413);
		OpenApiContract.get().assertMatchesSchema("Problem", chunked.body());
		assertUnchanged();
	}

	@Test
	void aCursorThatWasNotIssuedIs400() {
		assertProblem(this.admin.get("/api/v1/hosts?cursor=not-a-cursor!"), 400, "invalid-cursor");
		assertProblem(this.admin.get("/api/v1/hosts?cursor=bm9wZQ"), 400, "invalid-cursor");
		String tokenCursor = Cursors.encode("tokens", UUID.randomUUID().toString());
		assertProblem(this.admin.get("/api/v1/hosts?cursor=" + tokenCursor), 400, "invalid-cursor");
		String garbledKey = Cursors.encode("hosts", "not-a-uuid");
		assertProblem(this.admin.get("/api/v1/hosts?cursor=" + garbledKey), 400, "invalid-cursor");
	}

	@Test
	void aLimitOutOfBoundsIs400() {
		assertProblem(this.admin.get("/api/v1/hosts?limit=0"), 400, "invalid-request");
		assertProblem(this.admin.get("/api/v1/hosts?limit=501"), 400, "invalid-request");
		assertProblem(this.admin.get("/api/v1/hosts?limit=ten"), 400, "invalid-request");
	}

	@Test
	void badFiltersAre400() {
		assertProblem(this.admin.get("/api/v1/hosts?selecter=env%3Dprod"), 400, "invalid-request");
		assertProblem(this.admin.get("/api/v1/hosts?selector=env%20in%20(a"), 400, "invalid-request");
		assertProblem(this.admin.get("/api/v1/hosts?selector=env%3D%3D%3D"), 400, "invalid-request");
		assertProblem(this.admin.get("/api/v1/hosts?lastSeenBefore=yesterday"), 400, "invalid-request");
		assertProblem(this.admin.get("/api/v1/hosts?includeDecommissioned=maybe"), 400, "invalid-request");
	}

	@Test
	void anUnknownHostIs404AndAMalformedIdIs400() {
		assertProblem(this.admin.get("/api/v1/hosts/{id}", UUID.randomUUID()), 404, "not-found");
		assertProblem(this.admin.get("/api/v1/hosts/{id}", "12"), 400, "invalid-request");
		assertProblem(this.admin.delete("/api/v1/hosts/{id}", UUID.randomUUID()), 404, "not-found");
	}

	@Test
	void anUnknownPathIs404AndAnUnsupportedMethodIs405() {
		assertProblem(this.admin.get("/api/v1/nothing-here"), 404, "not-found");
		assertProblem(this.admin.send("PUT", "/api/v1/hosts", "application/json", "{}"), 405, "method-not-allowed");
	}

	@Test
	void anUnacceptableMediaTypeIs406() {
		ApiResponse response = this.admin.send("GET", "/api/v1/hosts/{id}", null, null,
				List.of("Accept", "application/xml"), this.hostId);
		assertThat(response.status()).isEqualTo(406);
	}

	@Test
	void invalidMergePatchesAre400AndChangeNothing() {
		assertProblem(this.admin.patch("/api/v1/hosts/{id}", "[1,2]", this.hostId), 400, "invalid-request");
		assertProblem(this.admin.patch("/api/v1/hosts/{id}", "{\"hostname\":\"x\"}", this.hostId), 400,
				"invalid-request");
		assertProblem(this.admin.patch("/api/v1/hosts/{id}", "{\"labels\":{\"a\":1}}", this.hostId), 400,
				"invalid-request");
		assertProblem(this.admin.patch("/api/v1/hosts/{id}", "{\"labels\":{\"a b\":\"c\"}}", this.hostId), 400,
				"invalid-request");
		assertProblem(this.admin.patch("/api/v1/hosts/{id}", "{\"labels\":\"x\"}", this.hostId), 400,
				"invalid-request");
		assertUnchanged();
	}

	@Test
	void changingADecommissionedHostIs409() {
		this.admin.delete("/api/v1/hosts/{id}", this.hostId);
		assertProblem(this.admin.patch("/api/v1/hosts/{id}", "{\"labels\":{\"a\":\"b\"}}", this.hostId), 409,
				"conflict");
	}

	@Test
	void aMalformedUrlGetsAProblemToo() throws Exception {
		try (java.net.Socket socket = new java.net.Socket("localhost", this.port)) {
			socket.getOutputStream()
				.write(("GET /api/v1/hosts/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(),
					java.nio.charset.StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 400")
				.containsIgnoringCase("Content-Type: application/problem+json");
			OpenApiContract.get().assertMatchesSchema("Problem", response.substring(response.indexOf("\r\n\r\n") + 4));
		}
	}

	private void assertUnchanged() {
		ApiResponse now = this.admin.get("/api/v1/hosts/{id}", this.hostId);
		assertThat(now.body()).isEqualTo(this.hostBefore);
	}

	private static void assertProblem(ApiResponse response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("type").stringValue()).isEqualTo("https://kfleet.dev/problems/" + type);
		assertThat(problem.get("status").intValue()).isEqualTo(status);
		assertThat(problem.get("detail").stringValue()).isNotBlank();
	}

	private static List<String> fields(ApiResponse response) {
		List<String> fields = new java.util.ArrayList<>();
		Iterator<JsonNode> errors = response.json().get("errors").iterator();
		errors.forEachRemaining((error) -> fields.add(error.get("field").stringValue()));
		return fields;
	}

	private static InputStream repeat(String body) {
		byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		return new InputStream() {

			private int position;

			@Override
			public int read() throws IOException {
				return (this.position < bytes.length) ? bytes[this.position++] : -1;
			}

		};
	}

}
