package dev.kfleet.agents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agent.daemon.AgentConfig;
import dev.kfleet.agent.daemon.CheckInCycle;
import dev.kfleet.agent.daemon.CycleOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real agent against the real service: it enrolls, reports a captured Linux 6.18
 * kernel, receives the desired state (turn HVO on and persist it), applies it to its copy
 * of the kernel's files, and the service shows the change, its history and the results.
 */
@KfleetIntegrationTest
class AgentEndToEndIntegrationTests {

	static final String HVO_ON = "{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true,\"persist\":true}}]}";

	static final String VDUSE_AND_HVO = "{\"actions\":[{\"type\":\"vduse.load-modules\"},"
			+ "{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true,\"persist\":true}}]}";

	@LocalServerPort
	int port;

	@TempDir
	Path work;

	@Test
	void theAgentEnrollsReportsReceivesDesiredStateAppliesItAndTheServiceShowsTheChange() throws Exception {
		ApiClient admin = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		Path root = AgentReports.copy(AgentReports.HVO_OFF, this.work.resolve("host"));
		Path switchFile = root.resolve("proc/sys/vm/hugetlb_optimize_vmemmap");
		Path dropIn = this.work.resolve("etc/sysctl.d/90-kfleet-hvo.conf");
		Path secret = Files.writeString(this.work.resolve("enroll-secret"), AgentFixtures.enrollmentSecret(admin));
		AgentConfig config = AgentConfig.defaults(URI.create("http://localhost:" + this.port), secret)
			.withRoot(root)
			.withStateDir(this.work.resolve("state"))
			.withSysctlDropIn(dropIn);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (CheckInCycle cycle = CheckInCycle.open(config, new PrintStream(log, true, StandardCharsets.UTF_8))) {
			CycleOutcome first = cycle.runOnce();
			assertThat(first.enrolled()).as(log.toString()).isTrue();
			assertThat(first.fullReportSent()).isTrue();
			String hostId = first.hostId().orElseThrow();
			assertThat(observed(admin, hostId).get("hvo").stringValue()).isEqualTo("off");

			ApiResponse set = admin.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json", HVO_ON, hostId);
			assertThat(set.status()).as(set.body()).isEqualTo(200);

			CycleOutcome second = cycle.runOnce();
			assertThat(second.desiredVersion()).isEqualTo(1);
			assertThat(second.applied()).as(log.toString()).isTrue();
			assertThat(Files.readString(switchFile).trim()).isEqualTo("1");
			assertThat(Files.readString(dropIn)).contains("vm.hugetlb_optimize_vmemmap = 1");

			CycleOutcome third = cycle.runOnce();
			assertThat(third.accepted()).isTrue();
			assertThat(third.fullReportSent()).isTrue();
			assertThat(third.reportedResults()).hasSize(1);
			assertThat(observed(admin, hostId).get("hvo").stringValue()).isEqualTo("on");
			assertThat(AgentFixtures.changedFields(admin, hostId)).anySatisfy((change) -> {
				assertThat(change.get("field").stringValue()).isEqualTo("hvo.switchOn");
				assertThat(change.get("from").booleanValue()).isFalse();
				assertThat(change.get("to").booleanValue()).isTrue();
			});
			JsonNode desired = admin.get("/api/v1/hosts/{id}/desired-state", hostId).json();
			assertThat(desired.at("/results/0/result/outcome").stringValue()).isEqualTo("succeeded");
			assertThat(desired.at("/results/0/result/type").stringValue()).isEqualTo("hvo.set-switch");

			CycleOutcome fourth = cycle.runOnce();
			assertThat(fourth.fullReportSent()).as("nothing changed, so only the hash").isFalse();
			assertThat(fourth.applied()).as("a desired state is applied once").isFalse();
		}
	}

	/**
	 * The agent on Debian's 6.12 right after boot, with a stand-in for {@code modprobe}
	 * that does to the copied tree what the kernel does (lists the module in
	 * {@code /proc/modules}, adds {@code /sys/module/<name>}, and
	 * {@code /sys/class/vduse} for vduse): the operator asks for the VDUSE modules and
	 * the switch, both persisted, and the service shows the modules before and after, the
	 * modules loaded and the switch persisted (the drop-in is written where the tree's
	 * {@code /etc/sysctl.d} is).
	 */
	@Test
	void theAgentLoadsTheVduseModulesAndPersistsTheSwitchAndTheServiceShowsWhatARolloutVerifies() throws Exception {
		ApiClient admin = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		Path root = AgentReports.copy("linux-6.12-debian/00-boot-no-vdpa-modules", this.work.resolve("host"));
		Path modulesLoad = this.work.resolve("etc/modules-load.d/kfleet-vduse.conf");
		Path secret = Files.writeString(this.work.resolve("enroll-secret"), AgentFixtures.enrollmentSecret(admin));
		AgentConfig config = AgentConfig.defaults(URI.create("http://localhost:" + this.port), secret)
			.withRoot(root)
			.withStateDir(this.work.resolve("state"))
			.withSysctlDropIn(root.resolve("etc/sysctl.d/90-kfleet-hvo.conf"))
			.withModulesLoadFile(modulesLoad)
			.withModprobeSearchPath(List.of(standInModprobe()));
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (CheckInCycle cycle = CheckInCycle.open(config, new PrintStream(log, true, StandardCharsets.UTF_8))) {
			String hostId = cycle.runOnce().hostId().orElseThrow();
			JsonNode before = observed(admin, hostId);
			assertThat(before.get("vduseSupported").booleanValue()).isTrue();
			assertThat(before.get("vduseModulesLoaded").booleanValue()).isFalse();
			assertThat(before.get("hvoSwitchPersisted").isNull()).isTrue();

			ApiResponse set = admin.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json", VDUSE_AND_HVO,
					hostId);
			assertThat(set.status()).as(set.body()).isEqualTo(200);
			assertThat(cycle.runOnce().applied()).as(log.toString()).isTrue();
			assertThat(Files.readString(modulesLoad)).endsWith("\nvdpa\nvduse\nvirtio_vdpa\nvhost_vdpa\n");

			CycleOutcome third = cycle.runOnce();
			assertThat(third.reportedResults()).hasSize(2);
			JsonNode after = observed(admin, hostId);
			assertThat(after.get("vduseModulesLoaded").booleanValue()).isTrue();
			assertThat(after.get("hvoSwitchPersisted").booleanValue()).isTrue();
			JsonNode results = admin.get("/api/v1/hosts/{id}/desired-state", hostId).json().get("results");
			JsonNode load = results.findParents("type")
				.stream()
				.filter((r) -> r.get("type").stringValue().equals("vduse.load-modules"))
				.findFirst()
				.orElseThrow();
			assertThat(load.get("outcome").stringValue()).as(load.toString()).isEqualTo("succeeded");
			assertThat(load.get("modules").toString()).isEqualTo("[{\"name\":\"vdpa\",\"loadedBefore\":false,"
					+ "\"loadedAfter\":true},{\"name\":\"vduse\",\"loadedBefore\":false,\"loadedAfter\":true},"
					+ "{\"name\":\"virtio_vdpa\",\"loadedBefore\":false,\"loadedAfter\":true},"
					+ "{\"name\":\"vhost_vdpa\",\"loadedBefore\":false,\"loadedAfter\":true}]");
			assertThat(results.findParents("type")
				.stream()
				.filter((r) -> r.get("type").stringValue().equals("hvo.set-switch"))
				.findFirst()
				.orElseThrow()
				.get("modules")).as("the other actions' results hold no module").isEmpty();
			assertThat(AgentFixtures.changedFields(admin, hostId)).anySatisfy((change) -> {
				assertThat(change.get("field").stringValue()).isEqualTo("vduse.modulesLoaded");
				assertThat(change.get("from").booleanValue()).isFalse();
				assertThat(change.get("to").booleanValue()).isTrue();
			});
		}
	}

	/** A {@code modprobe} that loads a module into the tree given with {@code -d}. */
	private Path standInModprobe() throws IOException {
		Path bin = Files.createDirectories(this.work.resolve("bin"));
		Path modprobe = Files.writeString(bin.resolve("modprobe"), """
				#!/bin/sh
				[ "$1" = -d ] || exit 64
				root=$2; name=$3
				grep -q "^$name " "$root/proc/modules" || echo "$name 16384 0 - Live 0x0" >> "$root/proc/modules"
				mkdir -p "$root/sys/module/$name" && echo live > "$root/sys/module/$name/initstate"
				if [ "$name" = vduse ]; then mkdir -p "$root/sys/class/vduse"; fi
				""");
		Files.setPosixFilePermissions(modprobe, PosixFilePermissions.fromString("rwxr-xr-x"));
		return bin;
	}

	private static JsonNode observed(ApiClient admin, String hostId) {
		return admin.get("/api/v1/hosts/{id}", hostId).json().get("observed");
	}

}
