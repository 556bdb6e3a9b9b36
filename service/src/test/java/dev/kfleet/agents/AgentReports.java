package dev.kfleet.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.server.ReportSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real reports: the agent's own collector run over the kernel captures that the agent's
 * tests use ({@code agent/src/test/fixtures}).
 */
public final class AgentReports {

	static final Path FIXTURES = Path.of("..", "agent", "src", "test", "fixtures");

	public static final String HVO_OFF = "linux-6.18-vm/a-hvo-off-no-pools";

	public static final String HVO_ON_128 = "linux-6.18-vm/c-hvo-on-128x2M";

	public static final String VDUSE_TWO_DEVICES = "linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa";

	private AgentReports() {
	}

	/** The compact JSON report of a capture, as the agent would send it. */
	public static String report(String capture) {
		Path root = root(capture);
		Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
		return ReportJson.toJson(new HostCollector(root, clock).collect(), false);
	}

	static Path root(String capture) {
		Path root = FIXTURES.resolve(capture).resolve("fs");
		if (!Files.isDirectory(root)) {
			throw new IllegalStateException("No kernel capture at " + root.toAbsolutePath());
		}
		return root;
	}

	/** Copies a kernel capture, keeping its symbolic links as links. */
	static Path copy(String capture, Path to) throws IOException {
		Path from = root(capture);
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path source : paths.toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isSymbolicLink(source)) {
					Files.createDirectories(target.getParent());
					Files.createSymbolicLink(target, Files.readSymbolicLink(source));
				}
				else if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
		}
		return to;
	}

	/** The report hash as the agent computes it (not with the service's own code). */
	public static String sha256(String json) {
		return ReportSnapshot.sha256(json);
	}

	/**
	 * Checks in as {@code agent} with this full report and these action results (a JSON
	 * fragment starting with a comma, or empty); asserts a 200 and returns the answer.
	 */
	public static JsonNode checkIn(ApiClient agent, long sequence, String report, String results) {
		ApiResponse response = agent.post("/agent/v1/check-in", """
				{"agentVersion":"0.1.0","sequence":%d,"reportHash":"%s","report":%s%s}""".formatted(sequence,
				sha256(report), report, results));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

}
