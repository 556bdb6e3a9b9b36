package dev.kfleet.observations;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.report.ReportJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The columns the service keeps equal what the agent reported for real kernel captures.
 */
class ReportDigestTests {

	static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	@Test
	void readsHvoAndPoolsOfTheLinux618Capture() {
		ReportDigest digest = digest("linux-6.18-vm/d-hvo-on-128x2M-1x1G");
		assertThat(digest.kernelRelease()).startsWith("6.18");
		assertThat(digest.state().hvo()).isEqualTo("on");
		assertThat(digest.state().hvoReclaimedBytes()).isEqualTo((128L * 7 + 4095) * 4096);
		assertThat(digest.state().pools()).extracting(ObservedState.Pool::pageSizeBytes)
			.containsExactly(2_097_152L, 1_073_741_824L);
		assertThat(digest.state().pools().get(1).total()).isEqualTo(1);
	}

	@Test
	void readsTheVduseDevicesOfTheDebianCapture() {
		ReportDigest digest = digest("linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa");
		assertThat(digest.state().vduseSupported()).isTrue();
		assertThat(digest.devices()).extracting(VduseDeviceState::name).containsExactly("vduse0", "vduse1");
		VduseDeviceState blk = digest.devices().getFirst();
		assertThat(blk.driver()).isEqualTo("virtio_vdpa");
		assertThat(blk.type()).isEqualTo("block");
		assertThat(blk.consumer()).contains("vda");
		assertThat(blk.backendPid()).isNotNull();
		assertThat(blk.backendCommand()).contains("qemu-storage-daemon");
		assertThat(blk.backendGone()).isFalse();
		assertThat(blk.consumerKind()).isEqualTo("block-device");
		assertThat(digest.devices().get(1).consumerKind()).isEqualTo("vhost-vdpa");
	}

	@Test
	void aDeviceWithAnEmptyListOfBackEndsIsOrphanedAndOneWithoutAListIsNotKnownToBe() {
		JsonMapper json = JsonMapper.builder().build();
		String device = "{\"name\":\"%s\",\"health\":{\"verdict\":\"unhealthy\",\"reason\":\"r\"},"
				+ "\"consumer\":{\"kind\":\"none\",\"nodes\":[]},\"backends\":%s}";
		ReportDigest digest = ReportDigest.of(json.readTree("{\"vduse\":{\"devices\":[" + device.formatted("gone", "[]")
				+ "," + device.formatted("unknown", "null") + "]}}"), NOW);
		assertThat(digest.devices()).extracting(VduseDeviceState::name).containsExactly("gone", "unknown");
		assertThat(digest.devices().get(0).backendGone()).isTrue();
		assertThat(digest.devices().get(0).consumerKind()).isEqualTo("none");
		assertThat(digest.devices().get(1).backendGone()).isNull();
	}

	@Test
	void theVduseModulesAreLoadedInTheDebianCaptureAfterModprobeAndNotRightAfterBoot() {
		assertThat(digest("linux-6.12-debian/00-boot-no-vdpa-modules").state().vduseModulesLoaded()).isFalse();
		assertThat(digest("linux-6.12-debian/01-modules-loaded-no-devices").state().vduseModulesLoaded()).isTrue();
		assertThat(digest("linux-6.18-vm/a-hvo-off-no-pools").state().vduseModulesLoaded()).as("not built").isFalse();
	}

	@Test
	void aModuleInAnUnknownStateMakesModulesLoadedUnknownUnlessAnotherIsNotLoaded() {
		JsonMapper json = JsonMapper.builder().build();
		assertThat(ReportDigest.modulesLoaded(json.readTree(
				"[{\"state\":\"loaded\"},{\"state\":\"builtin\"},{\"state\":\"loaded\"},{\"state\":\"loaded\"}]")))
			.isTrue();
		assertThat(ReportDigest.modulesLoaded(json
			.readTree("[{\"state\":\"loaded\"},{\"state\":null},{\"state\":\"loaded\"},{\"state\":\"loaded\"}]")))
			.isNull();
		assertThat(ReportDigest.modulesLoaded(json
			.readTree("[{\"state\":null},{\"state\":\"not-loaded\"},{\"state\":\"loaded\"},{\"state\":\"loaded\"}]")))
			.isFalse();
		assertThat(ReportDigest.modulesLoaded(json.readTree("[]"))).isNull();
	}

	@Test
	void theSwitchPersistedIsTheReportsValueAndNullWhenNothingSetsItOrTheAgentPredatesIt() {
		assertThat(digest("linux-6.12-debian/10-hvo-off-no-pages").state().hvoSwitchPersisted())
			.as("no capture holds /etc/sysctl.d")
			.isNull();
		JsonMapper json = JsonMapper.builder().build();
		assertThat(ReportDigest.of(json.readTree("{\"hvo\":{\"switchOn\":false,\"switchPersisted\":true}}"), NOW)
			.state()
			.hvoSwitchPersisted()).isTrue();
		assertThat(ReportDigest.of(json.readTree("{\"hvo\":{\"switchOn\":true}}"), NOW).state().hvoSwitchPersisted())
			.as("an agent older than the member")
			.isNull();
	}

	@Test
	void unsupportedAndUnknownAreTellApart() {
		assertThat(ReportDigest.hvoState(false, null)).isEqualTo("unsupported");
		assertThat(ReportDigest.hvoState(null, true)).isEqualTo("unknown");
		assertThat(ReportDigest.hvoState(true, null)).isEqualTo("unknown");
		assertThat(ReportDigest.hvoState(true, false)).isEqualTo("off");
	}

	private static ReportDigest digest(String capture) {
		Path root = Path.of("..", "agent", "src", "test", "fixtures").resolve(capture).resolve("fs");
		String json = ReportJson.toJson(new HostCollector(root, Clock.fixed(NOW, ZoneOffset.UTC)).collect(), false);
		JsonNode report = JsonMapper.builder().build().readTree(json);
		return ReportDigest.of(report, NOW);
	}

}
