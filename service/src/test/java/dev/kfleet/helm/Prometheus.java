package dev.kfleet.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (the {@code prometheus} binary, e.g. Debian's package) for a test:
 * its own free port, a temporary configuration and storage directory, scraping one target
 * every second and loading the chart's alert rules; stopped and deleted on
 * {@link #close()}. {@link #promtool} runs the {@code promtool} beside it.
 */
final class Prometheus implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final Path dir;

	private final int port;

	private Prometheus(Process process, Path dir, int port) {
		this.process = process;
		this.dir = dir;
		this.port = port;
	}

	/** The binary on the PATH (or in /usr/bin), if installed. */
	static Optional<Path> binary(String name) {
		List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
		dirs.add("/usr/bin");
		return dirs.stream()
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	static boolean installed() {
		return binary("prometheus").isPresent() && binary("promtool").isPresent();
	}

	/**
	 * Starts Prometheus scraping {@code target} (host:port) at {@code metricsPath} as job
	 * {@code job}, every second, with these rule files, and waits until it is ready.
	 */
	static Prometheus start(String job, String target, String metricsPath, List<Path> ruleFiles) throws IOException {
		Path dir = Files.createTempDirectory("kfleet-prometheus-");
		StringBuilder rules = new StringBuilder();
		for (Path file : ruleFiles) {
			rules.append("  - ").append(file.toAbsolutePath()).append('\n');
		}
		Files.writeString(dir.resolve("prometheus.yml"), """
				global:
				  scrape_interval: 2s
				  scrape_timeout: 2s
				  evaluation_interval: 2s
				rule_files:
				%sscrape_configs:
				  - job_name: %s
				    metrics_path: %s
				    static_configs:
				      - targets: ['%s']
				""".formatted(rules, job, metricsPath, target));
		int port = freePort();
		Process process = new ProcessBuilder(binary("prometheus").orElseThrow().toString(),
				"--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
				"--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h", "--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("prometheus.log").toFile())
			.start();
		Prometheus prometheus = new Prometheus(process, dir, port);
		try {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(prometheus::ready);
		}
		catch (RuntimeException ex) {
			String log = prometheus.log();
			prometheus.close();
			throw new IllegalStateException("Prometheus did not start: " + log, ex);
		}
		return prometheus;
	}

	private boolean ready() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("Prometheus exited: " + log());
		}
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Evaluates an instant query now: the {@code data} of a successful answer.
	 * @throws AssertionError when Prometheus answers with an error
	 */
	JsonNode query(String promql) {
		return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
	}

	/** The {@code data} of a successful answer of the HTTP API at this path. */
	JsonNode get(String pathAndQuery) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode body = JSON.readTree(response.body());
			if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
				throw new AssertionError(pathAndQuery + ": " + response.statusCode() + " " + response.body());
			}
			return body.path("data");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Runs {@code promtool} with these arguments (and this standard input, if any) in
	 * {@code dir}.
	 * @return its exit code and output
	 */
	static Result promtool(Path dir, String stdin, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(binary("promtool").orElseThrow().toString());
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
			if (stdin != null) {
				process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
			}
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new AssertionError("promtool " + arguments[0] + " did not finish: " + output);
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What a {@code promtool} run said.
	 *
	 * @param exitCode its exit code
	 * @param output its standard output and error
	 */
	record Result(int exitCode, String output) {
	}

	String log() {
		try {
			return Files.readString(this.dir.resolve("prometheus.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> paths = Files.walk(this.dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
