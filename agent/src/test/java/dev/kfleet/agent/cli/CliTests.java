package dev.kfleet.agent.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CliTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void collectPrintsTheReportOfTheRootAsJson() {
		String root = Fixtures.named("linux-6.18-vm/c-hvo-on-128x2M").root().toString();
		assertThat(run(Map.of(), "collect", "--root", root)).isEqualTo(ExitCode.OK);
		Map<?, ?> report = (Map<?, ?>) JsonReader.parse(stdout());
		assertThat(((Map<?, ?>) report.get("agent")).get("root")).isEqualTo(root);
		assertThat(stdout().lines().count()).isEqualTo(1);
	}

	@Test
	void collectIndentsWithPrettyAndTakesTheRootFromTheEnvironment() {
		String root = Fixtures.named("linux-6.18-vm/c-hvo-on-128x2M").root().toString();
		assertThat(run(Map.of("KFLEET_AGENT_ROOT", root), "collect", "--pretty")).isEqualTo(ExitCode.OK);
		assertThat(stdout()).startsWith("{\n  \"schemaVersion\": 1,");
		assertThat(stdout()).contains("\"root\": \"" + root + "\"");
	}

	@Test
	void explainSummarizesHvoAndVduseInAFewLines() {
		String root = Fixtures.named("linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa").root().toString();
		assertThat(run(Map.of(), "explain", "--root=" + root)).isEqualTo(ExitCode.OK);
		assertThat(stdout()).isEqualTo("""
				Linux 6.12.95+deb12-amd64 on x86_64, 4 KiB pages
				HVO off; 0 B reclaimed of 0 B possible (memmap-counters, exact)
				2 VDUSE devices: vduse0 block on virtio_vdpa (vda), backend pid 637, healthy; \
				vduse1 type unknown on vhost_vdpa (/dev/vhost-vdpa-0, no VM), backend pid 1205, idle
				""");
	}

	@Test
	void explainSaysHowMuchHvoReclaimedOfWhatIsPossible() {
		String root = Fixtures.named("linux-6.12-debian/20-hvo-boot-on-64x2M-1x1G").root().toString();
		run(Map.of(), "explain", "--root", root);
		assertThat(stdout().lines().toList().get(1))
			.isEqualTo("HVO on since boot; 17.7 MiB reclaimed of 17.7 MiB possible (memmap-counters, exact)");
	}

	@Test
	void aWrongCommandLineExitsWith2AndSaysWhy() {
		assertThat(run(Map.of())).isEqualTo(ExitCode.USAGE);
		assertThat(run(Map.of(), "frobnicate")).isEqualTo(ExitCode.USAGE);
		assertThat(run(Map.of(), "collect", "--bogus")).isEqualTo(ExitCode.USAGE);
		assertThat(run(Map.of(), "collect", "--root")).isEqualTo(ExitCode.USAGE);
		assertThat(run(Map.of(), "collect", "--root", "/no/such/dir")).isEqualTo(ExitCode.USAGE);
		assertThat(stderr()).contains("unknown command 'frobnicate'", "unknown option '--bogus'",
				"--root needs a value", "'/no/such/dir' is not a directory");
		assertThat(stdout()).isEmpty();
	}

	@Test
	void helpAndVersionExitWith0() {
		assertThat(run(Map.of(), "--help")).isEqualTo(ExitCode.OK);
		assertThat(stdout()).contains("Exit codes:");
		assertThat(run(Map.of(), "--version")).isEqualTo(ExitCode.OK);
		assertThat(stdout()).contains("kfleet-agent ");
	}

	@Test
	void benchPrintsCpuAndMemoryPerCollection() {
		String root = Fixtures.named("linux-6.18-vm/c-hvo-on-128x2M").root().toString();
		assertThat(run(Map.of(), "bench", "--root", root, "--warmup", "1", "--count", "3")).isEqualTo(ExitCode.OK);
		assertThat(stdout()).contains("collections=3", "cpu_us_per_collection=", "vm_rss_kb=");
	}

	@Test
	void runNeedsAServerAndASecretFileFromFlagsOrTheEnvironment() {
		assertThat(run(Map.of(), "run", "--enroll-secret-file", "/tmp/s")).isEqualTo(ExitCode.USAGE);
		assertThat(run(Map.of("KFLEET_AGENT_SERVER", "ftp://x"), "run", "--enroll-secret-file", "/tmp/s"))
			.isEqualTo(ExitCode.USAGE);
		assertThat(
				run(Map.of(), "run", "--server", "http://x", "--max-backoff-seconds", "0", "--enroll-secret-file", "s"))
			.isEqualTo(ExitCode.USAGE);
		assertThat(stderr()).contains("--server (or KFLEET_AGENT_SERVER) is required",
				"--server needs an http:// or https:// URL, not 'ftp://x'",
				"--max-backoff-seconds needs a positive whole number, not '0'");
	}

	@Test
	void stateDirGivesTheDirectoryAndItsFilesButNotLinkTargetsToTheOwner(@TempDir Path temp) throws IOException {
		assumeTrue("root".equals(System.getProperty("user.name")), "not root: only root gives files away");
		Path outside = Files.writeString(temp.resolve("outside"), "not the agent's");
		Path state = temp.resolve("state");
		Files.createDirectories(state.resolve("sub"));
		Path token = Files.writeString(state.resolve("sub/host-token"), "t");
		Path link = Files.createSymbolicLink(state.resolve("link"), outside);
		assertThat(run(Map.of(), "state-dir", "--state-dir", state.toString(), "--owner", "65532:65533")).as(stderr())
			.isEqualTo(ExitCode.OK);
		for (Path owned : List.of(state, state.resolve("sub"), token, link)) {
			assertThat(Files.getAttribute(owned, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(owned.toString())
				.isEqualTo(65532);
			assertThat(Files.getAttribute(owned, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(65533);
		}
		assertThat(Files.getAttribute(outside, "unix:uid")).isEqualTo(0);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
		assertThat(run(Map.of(), "state-dir", "--state-dir", temp.resolve("new").toString(), "--owner", "1:1"))
			.isEqualTo(ExitCode.OK);
		assertThat(Files.getAttribute(temp.resolve("new"), "unix:uid")).isEqualTo(1);
	}

	@Test
	void stateDirNeedsADirectoryAndANumericOwner() {
		assertThat(run(Map.of(), "state-dir", "--owner", "1:1")).isEqualTo(ExitCode.USAGE);
		assertThat(run(Map.of(), "state-dir", "--state-dir", "/tmp/x")).isEqualTo(ExitCode.USAGE);
		assertThat(run(Map.of(), "state-dir", "--state-dir", "/tmp/x", "--owner", "kfleet")).isEqualTo(ExitCode.USAGE);
		assertThat(stderr()).contains("--owner needs numeric UID:GID, not 'kfleet'");
	}

	@Test
	void runExitsWith3AndOneLineNamingTheStateDirectoryWhenItIsNotUsable(@TempDir Path temp) throws IOException {
		Path file = Files.writeString(temp.resolve("file"), "x");
		ExitCode code = run(Map.of("KFLEET_AGENT_STATE_DIR", file.resolve("state").toString()), "run", "--server",
				"http://127.0.0.1:9", "--enroll-secret-file", temp.resolve("secret").toString(), "--root",
				temp.toString());
		assertThat(code).isEqualTo(ExitCode.STATE);
		assertThat(code.code()).isEqualTo(3);
		assertThat(stderr().lines().toList()).singleElement()
			.asString()
			.startsWith("kfleet-agent: the state directory " + file.resolve("state") + " is not usable (")
			.contains("--state-dir");
	}

	@Test
	void simulateRefusesAnUnreadableSecretFileAndBadRates(@TempDir Path temp) throws IOException {
		assertThat(run(Map.of(), "simulate", "--server", "http://x", "--enroll-secret-file",
				temp.resolve("none").toString()))
			.isEqualTo(ExitCode.USAGE);
		Path secret = Files.writeString(temp.resolve("secret"), "s");
		assertThat(run(Map.of(), "simulate", "--server", "http://x", "--enroll-secret-file", secret.toString(),
				"--flap-rate", "1.5"))
			.isEqualTo(ExitCode.USAGE);
		assertThat(run(Map.of(), "simulate", "--server", "http://x", "--enroll-secret-file", secret.toString(),
				"--benchmark", "ping,reboot"))
			.isEqualTo(ExitCode.USAGE);
		assertThat(stderr()).contains("cannot read the enrollment secret file",
				"--flap-rate needs a fraction between 0 and 1, not '1.5'",
				"--benchmark takes ping, unchanged and changed");
	}

	@Test
	void helpListsRunAndSimulate() {
		run(Map.of(), "--help");
		assertThat(stdout()).contains("run --server URL --enroll-secret-file FILE", "simulate --server URL",
				"3 run cannot start: the state directory is not usable");
	}

	@ParameterizedTest
	@ValueSource(strings = { "collect", "explain", "run", "simulate", "bench" })
	void everyCommandPrintsItsUsageWithHelpAndExits0(String command) {
		assertThat(run(Map.of(), command, "--help")).isEqualTo(ExitCode.OK);
		String usage = stdout();
		assertThat(usage).startsWith("Usage: kfleet-agent " + command + " ").contains("Options:");
		assertThat(stderr()).isEmpty();
		for (List<String> args : List.of(List.of(command, "-h"), List.of("help", command),
				List.of(command, "--server", "http://x", "--help"))) {
			this.out.reset();
			assertThat(run(Map.of(), args.toArray(String[]::new))).as("%s", args).isEqualTo(ExitCode.OK);
			assertThat(stdout()).as("%s", args).isEqualTo(usage);
		}
		assertThat(stderr()).isEmpty();
	}

	@Test
	void theUsageOfRunAndSimulateNamesEveryOptionTheyTake() {
		assertThat(RunOptions.VALUED)
			.allSatisfy((option) -> assertThat(RunCommand.USAGE).contains("--" + option + " "));
		assertThat(SimulateCommand.VALUED)
			.allSatisfy((option) -> assertThat(SimulateCommand.USAGE).contains("--" + option + " "));
		assertThat(SimulateCommand.TRUTH)
			.allSatisfy((option) -> assertThat(SimulateCommand.USAGE).contains("--" + option + " "));
	}

	@Test
	void helpForAnUnknownCommandIsAWrongCommandLine() {
		assertThat(run(Map.of(), "help", "frobnicate")).isEqualTo(ExitCode.USAGE);
		assertThat(stderr()).contains("unknown command 'frobnicate'");
		assertThat(stdout()).isEmpty();
	}

	@Test
	void applySetsTheSwitchOfTheRootPersistsItAndPrintsTheResults(@TempDir Path temp) throws IOException {
		Path root = temp.resolve("host");
		Fixtures.copyTree(Fixtures.named("linux-6.12-debian/10-hvo-off-no-pages").root(), root);
		Path dropIn = temp.resolve("sysctl.d/90-kfleet-hvo.conf");
		ExitCode code = run(Map.of("KFLEET_AGENT_SYSCTL_DROPIN", dropIn.toString()), "apply", "--root", root.toString(),
				"--actions",
				"{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true,\"persist\":true}}]}");
		assertThat(code).as(stderr()).isEqualTo(ExitCode.OK);
		Object first = ((List<?>) ((Map<?, ?>) JsonReader.parse(stdout())).get("results")).getFirst();
		@SuppressWarnings("unchecked")
		Map<String, Object> result = (Map<String, Object>) first;
		assertThat(result).containsEntry("desiredVersion", 0L)
			.containsEntry("actionId", "1")
			.containsEntry("type", "hvo.set-switch")
			.containsEntry("outcome", "succeeded")
			.doesNotContainKey("modules");
		assertThat(Files.readString(root.resolve("proc/sys/vm/hugetlb_optimize_vmemmap"))).isEqualTo("1");
		assertThat(Files.readString(dropIn)).startsWith("# Written by kfleet-agent (kfleet-agent apply, action 1, ");
	}

	@Test
	void applyExitsWith4WhenAnActionFailsOrIsRefusedAndNeverRebuildsPoolsWithoutTheDaemonsJournal(@TempDir Path temp)
			throws IOException {
		Path root = temp.resolve("host");
		Fixtures.copyTree(Fixtures.named("linux-6.18-vm/c-hvo-on-128x2M").root(), root);
		Path free = root.resolve("sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages");
		String freeBefore = Files.readString(free);
		ExitCode code = run(Map.of(), "apply", "--root", root.toString(), "--modules-load-file",
				temp.resolve("m.conf").toString(), "--actions",
				"{\"actions\":[{\"type\":\"vduse.load-modules\"},{\"type\":\"hvo.rebuild-free-pages\"},"
						+ "{\"type\":\"vduse.load-modules\",\"parameters\":{\"persist\":1}}]}",
				"--pretty");
		assertThat(code).isEqualTo(ExitCode.NOT_APPLIED);
		assertThat(code.code()).isEqualTo(4);
		List<?> results = (List<?>) ((Map<?, ?>) JsonReader.parse(stdout())).get("results");
		List<Object> outcomes = results.stream().map((r) -> (Object) ((Map<?, ?>) r).get("outcome")).toList();
		assertThat(outcomes).containsExactly("failed", "failed", "refused");
		assertThat((String) ((Map<?, ?>) results.get(0)).get("detail"))
			.startsWith("this kernel is built without CONFIG_VDPA (vdpa)");
		assertThat((List<?>) ((Map<?, ?>) results.get(0)).get("modules")).hasSize(4);
		assertThat((String) ((Map<?, ?>) results.get(1)).get("detail"))
			.contains("kfleet-agent apply keeps no journal to regrow the pool after a crash");
		assertThat(Files.readString(free)).isEqualTo(freeBefore);
		assertThat(temp.resolve("m.conf")).doesNotExist();
	}

	@Test
	void applyRefusesActionsThatAreNotADesiredStatesShape() {
		for (String bad : new String[] { "[]", "{\"actions\":[]}", "{\"actions\":[{\"kind\":\"x\"}]}",
				"{\"actions\":[{\"type\":\"vduse.load-modules\",\"parameters\":[]}]}", "{\"actions\":[",
				"{\"actions\":[{\"type\":\"t\"}],\"version\":3}" }) {
			assertThat(run(Map.of(), "apply", "--actions", bad)).as(bad).isEqualTo(ExitCode.USAGE);
		}
		assertThat(run(Map.of(), "apply")).isEqualTo(ExitCode.USAGE);
		assertThat(stderr()).contains("--actions is required", "--actions is not JSON",
				"--actions needs {\"actions\": [...]} with 1 to 16 actions",
				"--actions: each action is {\"type\": \"...\", \"parameters\": {...}}");
		assertThat(stdout()).isEmpty();
	}

	private ExitCode run(Map<String, String> environment, String... args) {
		return new Cli(environment, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8))
			.run(List.of(args));
	}

	private String stdout() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String stderr() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
