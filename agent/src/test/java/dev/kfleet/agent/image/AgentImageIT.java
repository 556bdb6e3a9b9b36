package dev.kfleet.agent.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.report.HostReportSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent's image that the module's {@code package} phase builds with Jib
 * (docs/adr/0046), unpacked with umoci and run from its own configuration: the java
 * command with the package's JVM flags, as user 65532, without a shell, collecting a
 * captured host tree.
 *
 * @author kfleet
 */
class AgentImageIT {

	private static final String CAPTURE = "linux-6.12-debian/13-hvo-on-64x2M-1x1G-all-optimized";

	private static OciImage image;

	@BeforeAll
	static void unpack() throws IOException {
		assumeFalse(Boolean.getBoolean("kfleet.image.skip"), "-Dkfleet.image.skip: no image was built");
		Path tarball = Path.of(System.getProperty("kfleet.image.tar", "target/image/kfleet-agent-image.tar"));
		assertThat(tarball).as("the image the build made").isRegularFile();
		String cannot = OciImage.cannotRunHere();
		assumeTrue(cannot == null, cannot);
		image = OciImage.unpack(tarball);
	}

	@AfterAll
	static void remove() throws IOException {
		if (image != null) {
			image.close();
		}
	}

	@Test
	void theEntrypointIsTheJavaCommandWithThePackagesJvmOptionsAsUser65532() throws IOException {
		List<String> jvmOptions = Files.readAllLines(Path.of(System.getProperty("kfleet.jvm-options")))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(image.entrypoint()).startsWith("java")
			.containsSubsequence(jvmOptions)
			.endsWith("dev.kfleet.agent.AgentMain");
		assertThat(image.entrypoint().subList(1, 1 + jvmOptions.size())).isEqualTo(jvmOptions);
		assertThat(image.cmd()).containsExactly("--help");
		assertThat(image.user()).isEqualTo("65532:65532");
		assertThat(image.env()).containsEntry("MALLOC_ARENA_MAX", "2")
			.containsEntry("PATH", "/opt/java/openjdk/bin:/usr/bin:/bin");
	}

	@Test
	void theOnlyProgramInTheImageIsTheJavaRuntimeAndNothingIsWritableButTmp() throws IOException {
		assertThat(image.programsOutsideTheJavaRuntime()).as("executables outside the Java runtime").isEmpty();
		assertThat(image.rootfs().resolve("bin/sh")).doesNotExist();
		assertThat(image.rootfs().resolve("usr/bin")).doesNotExist();
		assertThat(image.rootfs().resolve("opt/java/openjdk/bin/java")).isExecutable();
		assertThat(Files.readString(image.rootfs().resolve("etc/passwd"))).contains("kfleet:x:65532:65532:");
	}

	@Test
	void theLabelsSayTheSourceTheCommitAndTheVersion() throws IOException {
		String head = OciImage.headCommit();
		assumeTrue(head != null, "not built in a git checkout: no revision to compare");
		assertThat(image.labels()).containsEntry("org.opencontainers.image.revision", head)
			.containsEntry("org.opencontainers.image.version", System.getProperty("kfleet.version"));
		assertThat(head).matches("[0-9a-f]{40}");
		assertThat(image.labels().get("org.opencontainers.image.source")).startsWith("https://");
	}

	@Test
	void theImagesDefaultCommandPrintsTheUsage() throws IOException {
		OciImage.Result help = image.run(null, Map.of(), 2);
		assertThat(help.code()).as(help.toString()).isZero();
		assertThat(help.out()).contains("collect");
		OciImage.Result version = image.run(List.of("--version"), Map.of(), 2);
		assertThat(version.out().strip()).isEqualTo("kfleet-agent " + System.getProperty("kfleet.version"));
	}

	@Test
	void collectInTheImageReportsACapturedHostTree() throws IOException {
		Path capture = Fixtures.directory().resolve(CAPTURE).resolve("fs");
		Path inImage = image.rootfs().resolve("tmp/capture");
		Fixtures.copyTree(capture, inImage);
		OciImage.Result collect = image.run(List.of("collect", "--root", "/tmp/capture"), Map.of(), 2);
		assertThat(collect.code()).as(collect.toString()).isZero();
		assertThat(collect.err()).as("no JVM warning").isEmpty();
		assertThat(HostReportSchema.load("HostReport").validate(collect.out())).isEmpty();
		Map<?, ?> report = (Map<?, ?>) JsonReader.parse(collect.out());
		assertThat(((Map<?, ?>) report.get("agent")).get("root")).isEqualTo("/tmp/capture");
		assertThat(((Map<?, ?>) report.get("kernel")).get("release"))
			.isEqualTo(Files.readString(capture.resolve("proc/sys/kernel/osrelease")).strip());
	}

}
