package dev.kfleet.agent.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.actions.Modprobe;
import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.report.HostReportSchema;
import org.assertj.core.api.InstanceOfAssertFactories;
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
 * captured host tree; and Debian's modprobe (kmod), the one other program, which the
 * agent's {@code vduse.load-modules} finds and runs (docs/adr/0034).
 *
 * @author kfleet
 */
class AgentImageIT {

	private static final String CAPTURE = "linux-6.12-debian/13-hvo-on-64x2M-1x1G-all-optimized";

	private static final String NO_VDPA_MODULES = "linux-6.12-debian/00-boot-no-vdpa-modules";

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
	void theOnlyProgramsInTheImageAreTheJavaRuntimeAndKmodAsModprobe() throws IOException {
		assertThat(image.programsOutsideTheJavaRuntime()).as("executables outside the Java runtime: kmod alone")
			.singleElement(InstanceOfAssertFactories.STRING)
			.matches("/(usr/)?bin/kmod");
		String kmod = image.programsOutsideTheJavaRuntime().getFirst();
		assertThat(image.linksOutsideTheJavaRuntime()).as("links but shared objects': modprobe to kmod alone")
			.hasSize(1)
			.hasEntrySatisfying(modprobe(), (target) -> assertThat(target).isEqualTo(kmod));
		assertThat(image.rootfs().resolve("bin/sh")).doesNotExist();
		assertThat(image.rootfs().resolve("opt/java/openjdk/bin/java")).isExecutable();
		assertThat(Files.readString(image.rootfs().resolve("etc/passwd"))).contains("kfleet:x:65532:65532:");
	}

	@Test
	void modprobeRunsInTheImageWithTheLibrariesForCompressedModules() throws IOException {
		OciImage.Result version = image.runProgram(List.of(modprobe(), "--version"), 1);
		assertThat(version.code()).as(version.toString()).isZero();
		assertThat(version.err()).as("the dynamic loader found every library").isEmpty();
		assertThat(version.out()).startsWith("kmod version ")
			.as("modules compressed with xz (Debian's) and zstd load")
			.contains("+XZ", "+ZSTD");
		for (String pkg : List.of("kmod", "liblzma5", "libzstd1", "libssl3")) {
			assertThat(image.rootfs().resolve("var/lib/dpkg/status.d/" + pkg)).content()
				.as("the dpkg record that image scanners read")
				.startsWith("Package: " + pkg + "\n")
				.contains("\nVersion: ")
				.doesNotContain("Status:");
			assertThat(image.rootfs().resolve("usr/share/doc/" + pkg + "/copyright")).isNotEmptyFile();
		}
	}

	@Test
	void vduseLoadModulesInTheImageRunsTheImagesModprobeOnTheAgentsRoot() throws IOException {
		Path capture = Fixtures.directory().resolve(NO_VDPA_MODULES).resolve("fs");
		Fixtures.copyTree(capture, image.rootfs().resolve("tmp/no-modules"));
		// No lib/modules in the capture: modprobe finds no module there, loads nothing.
		OciImage.Result apply = image.run(
				List.of("apply", "--root", "/tmp/no-modules", "--actions",
						"{\"actions\":[{\"type\":\"vduse.load-modules\",\"parameters\":{\"persist\":false}}]}"),
				Map.of(), 2);
		assertThat(apply.code()).as(apply.toString()).isEqualTo(4);
		Map<?, ?> result = (Map<?, ?>) ((List<?>) ((Map<?, ?>) JsonReader.parse(apply.out())).get("results"))
			.getFirst();
		assertThat(result.get("outcome")).isEqualTo("failed");
		assertThat((String) result.get("detail")).as("the image's modprobe, found and run with -d <root>")
			.startsWith("Loading vdpa failed: '" + modprobe() + " -d /tmp/no-modules vdpa' exited with status 1: ")
			.contains("Module vdpa not found in directory /tmp/no-modules/lib/modules/");
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

	/** Where the image has modprobe: the first of the agent's search path. */
	private static String modprobe() {
		return Modprobe.SEARCH_PATH.stream()
			.map((dir) -> dir.resolve("modprobe").toString())
			.filter((path) -> Files.exists(image.rootfs().resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no modprobe in " + Modprobe.SEARCH_PATH + " in the image"));
	}

}
