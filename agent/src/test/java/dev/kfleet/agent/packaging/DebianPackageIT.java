package dev.kfleet.agent.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.kfleet.agent.image.OciImage;
import dev.kfleet.agent.image.OciImage.Result;
import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.report.HostReportSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Debian package that the agent module's {@code package} phase builds
 * (docs/adr/0045): lintian, then installed with {@code dpkg -i} on this machine,
 * {@code systemd-analyze} on its unit, {@code kfleet-agent collect} and an action under
 * the unit's capability set, and purged: nothing of it may be left. Runs as root on a
 * Debian-like machine and is skipped (with the reason) elsewhere; it refuses to touch a
 * machine where the package is already installed.
 *
 * @author kfleet
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianPackageIT {

	private static final String PACKAGE = "kfleet-agent";

	private static final Path UNIT = Path.of("/lib/systemd/system/kfleet-agent.service");

	private static final Path SWITCH = Path.of("/proc/sys/vm/hugetlb_optimize_vmemmap");

	/** The unit's CapabilityBoundingSet, as setpriv spells it. */
	private static final String UNIT_CAPABILITIES = "+sys_ptrace,+dac_read_search,+sys_module";

	/**
	 * The most exposed the unit may be (systemd-analyze security --offline, 0 best, 10
	 * worst).
	 */
	private static final double MAX_EXPOSURE = 4.4;

	private static Path deb;

	private static boolean installedByUs;

	@BeforeAll
	static void install() throws IOException {
		String version = System.getProperty("kfleet.version", "").replace("-SNAPSHOT", "~SNAPSHOT");
		deb = Path.of(System.getProperty("kfleet.deb.dir", "target"), "kfleet-agent_" + version + "_amd64.deb");
		assertThat(deb).as("the package the build made").isRegularFile();
		assumeTrue(onPath("dpkg") && onPath("dpkg-deb"), "no dpkg on this machine: the package is not installed");
		assumeTrue("root".equals(System.getProperty("user.name")), "not root: dpkg -i needs root");
		assertThat(run("dpkg-query", "-W", "-f", "${Status}", PACKAGE).out())
			.as("kfleet-agent is already installed here; the test installs and purges its own copy only")
			.doesNotContain("installed");
		assertThat(Path.of("/etc/kfleet-agent")).as("left from an earlier install").doesNotExist();
		assertThat(Path.of("/var/lib/kfleet-agent")).as("left from an earlier install").doesNotExist();
		installedByUs = true;
		Result install = run("dpkg", "-i", deb.toString());
		assertThat(install.code()).as(install.toString()).isZero();
	}

	@AfterAll
	static void purgeWhateverHappened() throws IOException {
		if (installedByUs && run("dpkg-query", "-W", "-f", "${Status}", PACKAGE).out().contains("installed")) {
			run("dpkg", "--purge", PACKAGE);
		}
	}

	@Test
	@Order(1)
	void lintianFindsNoErrorOrWarningThatIsNotOverriddenWithItsReason() throws IOException {
		assumeTrue(onPath("lintian"), "no lintian on this machine (apt-get install lintian; .ci/run does)");
		Result lintian = run("lintian", "--fail-on", "error,warning", deb.toString());
		assertThat(lintian.code()).as(lintian.toString()).isZero();
		assertThat(lintian.out().lines().filter((l) -> l.startsWith("E:") || l.startsWith("W:"))).isEmpty();
	}

	@Test
	@Order(2)
	void thePackageHoldsItsFilesWithFixedOwnersAndTimesAndItsConfigurationAsAConffile() throws IOException {
		Result info = run("dpkg-deb", "-f", deb.toString(), "Version", "Architecture", "Installed-Size");
		assertThat(info.out())
			.contains("Version: " + System.getProperty("kfleet.version", "").replace("-SNAPSHOT", "~SNAPSHOT"))
			.contains("Architecture: amd64");
		assertThat(run("dpkg-deb", "--ctrl-tarfile", deb.toString()).code()).isZero();
		Result conffiles = run("sh", "-c", "dpkg-deb --ctrl-tarfile \"$0\" | tar -xO ./conffiles", deb.toString());
		assertThat(conffiles.out().strip()).isEqualTo("/etc/kfleet-agent/agent.env");
		List<String> entries = run("dpkg-deb", "-c", deb.toString()).out().lines().toList();
		assertThat(entries).isNotEmpty()
			.allSatisfy((entry) -> assertThat(entry).contains(" root/root ").contains(" 2026-12-06 00:00 "));
		assertThat(entries).noneMatch((entry) -> entry.contains("./etc/kfleet-agent/enroll-secret"));
	}

	@Test
	@Order(3)
	void theUnitIsInstalledEnabledAndVerifiesCleanly() throws IOException {
		assertThat(UNIT).isRegularFile();
		assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/kfleet-agent.service"))
			.as("deb-systemd-helper enable")
			.isSymbolicLink();
		assumeTrue(onPath("systemd-analyze"), "no systemd-analyze on this machine");
		Result verify = run("systemd-analyze", "verify", UNIT.toString());
		assertThat(verify.code()).as(verify.toString()).isZero();
		assertThat(verify.out() + verify.err()).as("systemd-analyze verify says nothing about a clean unit").isBlank();
	}

	@Test
	@Order(4)
	void theUnitIsNoMoreExposedThanItsDocumentedPrivilegesNeed() throws IOException {
		assumeTrue(onPath("systemd-analyze"), "no systemd-analyze on this machine");
		Result security = run("systemd-analyze", "security", "--offline=yes", UNIT.toString());
		Matcher exposure = Pattern.compile("Overall exposure level for kfleet-agent.service: (\\d+\\.\\d)")
			.matcher(security.out());
		assertThat(exposure.find()).as(security.toString()).isTrue();
		assertThat(Double.parseDouble(exposure.group(1))).isLessThanOrEqualTo(MAX_EXPOSURE);
	}

	@Test
	@Order(5)
	void collectPrintsAValidReportOfThisHost() throws IOException {
		Result collect = run("/usr/bin/kfleet-agent", "collect");
		assertThat(collect.code()).as(collect.toString()).isZero();
		assertThat(HostReportSchema.load("HostReport").validate(collect.out())).isEmpty();
		Map<?, ?> agent = (Map<?, ?>) ((Map<?, ?>) JsonReader.parse(collect.out())).get("agent");
		assertThat(agent.get("version")).isEqualTo(System.getProperty("kfleet.version"));
		assertThat(agent.get("root")).isEqualTo("/");
		assertThat(run("/usr/bin/kfleet-agent", "--version").out().strip())
			.isEqualTo("kfleet-agent " + System.getProperty("kfleet.version"));
	}

	@Test
	@Order(6)
	void theUnitsCapabilitySetAsRootSeesEveryProcessAndWritesTheSwitchWhichNoOtherUserCan() throws IOException {
		assumeTrue(onPath("setpriv"), "no setpriv (util-linux) on this machine");
		// root with the unit's bounding set only, as systemd starts it
		List<String> asUnit = List.of("setpriv", "--bounding-set=-all," + UNIT_CAPABILITIES, "--inh-caps=-all",
				"--no-new-privs");
		Result collect = run(concat(asUnit, "/usr/bin/kfleet-agent", "collect"));
		assertThat(collect.code()).as(collect.toString()).isZero();
		Map<?, ?> vduse = (Map<?, ?>) ((Map<?, ?>) JsonReader.parse(collect.out())).get("vduse");
		if (vduse.get("processScan") instanceof Map<?, ?> scan) {
			assertThat(((Number) scan.get("unreadable")).longValue()).as("processes whose fds it could not read")
				.isZero();
		}
		else {
			// No VDUSE device here, so the agent scans no process: check the capability
			// it would use.
			assertThat(((Map<?, ?>) vduse.get("unknown")).get("processScan")).isNotNull();
			Optional<Path> othersFds = otherUsersProcess();
			if (othersFds.isPresent()) {
				Result list = run(concat(asUnit, "ls", othersFds.get().toString()));
				assertThat(list.code()).as(list.toString()).isZero();
			}
		}
		assumeTrue(Files.isRegularFile(SWITCH), "this kernel has no runtime HVO switch to write");
		// The current value is written back: the machine's switch does not change.
		boolean on = Files.readString(SWITCH).strip().equals("1");
		String keep = "{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":" + on + "}}]}";
		Result asRoot = run(concat(asUnit, "/usr/bin/kfleet-agent", "apply", "--actions", keep));
		assertThat(asRoot.code()).as(asRoot.toString()).isZero();
		// Another user, even with every capability that could stand in for root, cannot:
		// the kernel's
		// sysctl permission check compares the uid with root's and ignores
		// CAP_DAC_OVERRIDE (ADR 0045).
		String all = "+dac_override,+dac_read_search,+sys_ptrace,+sys_module,+sys_admin";
		Result asNobody = run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=" + all,
				"--ambient-caps=" + all, "/usr/bin/kfleet-agent", "apply", "--actions", keep);
		assertThat(asNobody.code()).as(asNobody.toString()).isEqualTo(4);
		assertThat(asNobody.out()).contains("AccessDeniedException: " + SWITCH);
		assertThat(Files.readString(SWITCH).strip()).isEqualTo(on ? "1" : "0");
	}

	@Test
	@Order(7)
	void purgeLeavesNothingBehind() throws IOException {
		// What an operator and the daemon add: the enrollment secret and the state
		// directory.
		Files.writeString(Path.of("/etc/kfleet-agent/enroll-secret"), "secret\n");
		Files.setPosixFilePermissions(Path.of("/etc/kfleet-agent/enroll-secret"),
				PosixFilePermissions.fromString("rw-------"));
		Files.createDirectories(Path.of("/var/lib/kfleet-agent"));
		Files.writeString(Path.of("/var/lib/kfleet-agent/state.json"), "{}");
		List<Path> files = run("dpkg-query", "-L", PACKAGE).out()
			.lines()
			.map(Path::of)
			.filter((p) -> !Files.isDirectory(p))
			.toList();
		assertThat(files).contains(Path.of("/usr/bin/kfleet-agent"), UNIT, Path.of("/etc/kfleet-agent/agent.env"));

		Result purge = run("dpkg", "--purge", PACKAGE);
		assertThat(purge.code()).as(purge.toString()).isZero();

		assertThat(files).allSatisfy((p) -> assertThat(p).doesNotExist());
		assertThat(List.of(Path.of("/usr/lib/kfleet-agent"), Path.of("/etc/kfleet-agent"),
				Path.of("/var/lib/kfleet-agent"), Path.of("/usr/share/doc/kfleet-agent"),
				Path.of("/etc/systemd/system/multi-user.target.wants/kfleet-agent.service"),
				Path.of("/var/lib/systemd/deb-systemd-helper-enabled/kfleet-agent.service.dsh-also"),
				Path.of("/var/lib/systemd/deb-systemd-helper-masked/kfleet-agent.service")))
			.allSatisfy((p) -> assertThat(p).doesNotExist());
		assertThat(run("dpkg-query", "-W", "-f", "${Status}", PACKAGE).out()).doesNotContain("installed");
		assertThat(run("getent", "passwd", "kfleet").code()).as("the package adds no user").isNotZero();
	}

	/**
	 * The fd directory of a process that is not root's (PostgreSQL's, say), if there is
	 * one.
	 */
	private static Optional<Path> otherUsersProcess() throws IOException {
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			return processes.filter((p) -> p.getFileName().toString().matches("\\d+")).filter((p) -> {
				try {
					return (int) Files.getAttribute(p, "unix:uid") != 0;
				}
				catch (IOException | UnsupportedOperationException ex) {
					return false;
				}
			}).map((p) -> p.resolve("fd")).findFirst();
		}
	}

	private static boolean onPath(String command) throws IOException {
		return run("sh", "-c", "command -v \"$0\"", command).code() == 0;
	}

	private static List<String> concat(List<String> first, String... rest) {
		List<String> all = new ArrayList<>(first);
		all.addAll(List.of(rest));
		return all;
	}

	private static Result run(String... command) throws IOException {
		return run(List.of(command));
	}

	/** Runs a command with this process's environment, its standard error apart. */
	private static Result run(List<String> command) throws IOException {
		return OciImage.exec(command, Map.of(), 5);
	}

}
