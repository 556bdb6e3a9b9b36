package dev.kfleet.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.kfleet.TestDatabase;
import dev.kfleet.agent.image.OciImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service's image that the module's {@code package} phase builds with Jib
 * (docs/adr/0046), unpacked with umoci and started from its own configuration (the java
 * command, its JVM flags, as user 65532) against the test database: it migrates the
 * schema, reports itself healthy and answers the operator API.
 *
 * @author kfleet
 */
class ServiceImageIT {

	private static final String ADMIN_TOKEN = "image-it-bootstrap-admin-token-0123456789";

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static OciImage image;

	private static Process service;

	private static Path log;

	private static URI base;

	@BeforeAll
	static void start() throws IOException, InterruptedException {
		assumeFalse(Boolean.getBoolean("kfleet.image.skip"), "-Dkfleet.image.skip: no image was built");
		Path tarball = Path.of(System.getProperty("kfleet.image.tar", "target/image/kfleet-service-image.tar"));
		assertThat(tarball).as("the image the build made").isRegularFile();
		String cannot = OciImage.cannotRunHere();
		assumeTrue(cannot == null, cannot);
		image = OciImage.unpack(tarball);
		TestDatabase database = TestDatabase.shared();
		int port = freePort();
		base = URI.create("http://127.0.0.1:" + port);
		log = Files.createTempFile("kfleet-service-image", ".log");
		service = image.start(null,
				Map.of("SPRING_DATASOURCE_URL", database.jdbcUrl(), "SPRING_DATASOURCE_USERNAME", database.username(),
						"SPRING_DATASOURCE_PASSWORD", database.password(), "SERVER_PORT", Integer.toString(port),
						"KFLEET_TOKENS_BOOTSTRAP_ADMIN_TOKEN", ADMIN_TOKEN),
				log);
		Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
		while (!healthy()) {
			assertThat(service.isAlive()).as("the service in the image exited:\n%s", Files.readString(log)).isTrue();
			assertThat(Instant.now()).as("the service in the image did not start:\n%s", Files.readString(log))
				.isBefore(deadline);
			Thread.sleep(500);
		}
	}

	@AfterAll
	static void stop() throws IOException, InterruptedException {
		if (service != null) {
			// unshare ignores SIGTERM while it waits for its child: stop the JVM itself
			// (Spring's
			// graceful shutdown), and kill whatever is left after a minute.
			service.toHandle().descendants().forEach(ProcessHandle::destroy);
			if (!service.waitFor(1, TimeUnit.MINUTES)) {
				service.destroyForcibly().waitFor();
			}
		}
		if (log != null) {
			Files.deleteIfExists(log);
		}
		if (image != null) {
			image.close();
		}
	}

	@Test
	void theEntrypointIsTheJavaCommandWithTheChartsJvmOptionsAsDefaultAsUser65532() throws IOException {
		assertThat(image.entrypoint()).containsExactly("java", "-cp", "@/app/jib-classpath-file",
				"dev.kfleet.KfleetApplication");
		assertThat(image.user()).isEqualTo("65532:65532");
		assertThat(image.env()).containsEntry("PATH", "/opt/java/openjdk/bin:/usr/bin:/bin")
			.containsEntry("JAVA_HOME", "/opt/java/openjdk")
			.as("the chart's server.jvmOptions, which replace them")
			.containsEntry("JDK_JAVA_OPTIONS", chartJvmOptions());
		assertThat(image.labels()).containsEntry("org.opencontainers.image.version",
				System.getProperty("kfleet.version"));
		String head = OciImage.headCommit();
		if (head != null) {
			assertThat(image.labels()).containsEntry("org.opencontainers.image.revision", head);
		}
	}

	@Test
	void theOnlyProgramInTheImageIsTheJavaRuntime() throws IOException {
		assertThat(image.programsOutsideTheJavaRuntime()).as("executables outside the Java runtime").isEmpty();
		assertThat(image.linksOutsideTheJavaRuntime()).as("links but shared objects' (no modprobe: the agent's alone)")
			.isEmpty();
		assertThat(image.rootfs().resolve("bin/sh")).doesNotExist();
	}

	@Test
	void theServiceInTheImageIsHealthyAndRunsAsItsUser() throws IOException, InterruptedException {
		HttpResponse<String> health = get("/actuator/health", null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(json(health).path("status").asString()).isEqualTo("UP");
		long pid = service.toHandle()
			.descendants()
			.filter((p) -> p.info().command().orElse("").endsWith("/java"))
			.findFirst()
			.orElseThrow()
			.pid();
		assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status")))
			.anyMatch((line) -> line.matches("Uid:\\s+65532\\s+65532\\s+65532\\s+65532"));
	}

	@Test
	void theOperatorApiAnswersWithTheBootstrapTokenAndOnlyWithIt() throws IOException, InterruptedException {
		HttpResponse<String> hosts = get("/api/v1/hosts", ADMIN_TOKEN);
		assertThat(hosts.statusCode()).as(hosts.body()).isEqualTo(200);
		assertThat(json(hosts).path("items").isArray()).isTrue();
		assertThat(get("/api/v1/hosts", null).statusCode()).isEqualTo(401);
	}

	private static boolean healthy() {
		try {
			return get("/actuator/health", null).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.builder().build().readTree(response.body());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The default of {@code server.jvmOptions} in the chart's values. */
	private static String chartJvmOptions() throws IOException {
		Path values = Stream.of("../helm/kfleet/values.yaml", "helm/kfleet/values.yaml")
			.map(Path::of)
			.filter(Files::isRegularFile)
			.findFirst()
			.orElseThrow();
		return Files.readAllLines(values)
			.stream()
			.map(String::strip)
			.filter((line) -> line.startsWith("jvmOptions: "))
			.map((line) -> line.substring("jvmOptions: ".length()).replace("\"", ""))
			.findFirst()
			.orElseThrow();
	}

}
