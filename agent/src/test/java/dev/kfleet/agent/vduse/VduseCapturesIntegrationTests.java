package dev.kfleet.agent.vduse;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kfleet.agent.fixtures.CaptureReports;
import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.fixtures.Fixtures.Capture;
import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.report.ConsumerNode;
import dev.kfleet.agent.report.DeviceHealthVerdict;
import dev.kfleet.agent.report.KernelModule;
import dev.kfleet.agent.report.ModuleState;
import dev.kfleet.agent.report.ProcessRef;
import dev.kfleet.agent.report.VduseDevice;
import dev.kfleet.agent.report.VduseReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's VDUSE section against the Debian captures: what {@code vdpa -jp dev show},
 * {@code lsmod}, {@code ps} and {@code ls -l /dev} printed at the same moment, and the
 * sysfs tree the kernel showed ({@code manifest.txt}).
 */
class VduseCapturesIntegrationTests {

	private static final Pattern LS_NODE = Pattern
		.compile("^c\\S+\\s+\\d+\\s+\\d+\\s+\\d+\\s+(\\d+),\\s+(\\d+) .* (\\S+)$", Pattern.MULTILINE);

	private static final Pattern LS_ANY_NODE = Pattern
		.compile("^[bc]\\S+\\s+\\d+\\s+\\d+\\s+\\d+\\s+(\\d+),\\s+(\\d+) .* (\\S+)$", Pattern.MULTILINE);

	private static final Pattern MANIFEST_QUEUE = Pattern
		.compile("^directory\\|\\d+\\|/sys/devices/virtual/vduse/([^/]+)/vq\\d+$", Pattern.MULTILINE);

	private static final Pattern MANIFEST_DRIVER = Pattern.compile(
			"^symbolic link\\|\\d+\\|'/sys/devices/virtual/vduse/([^/]+)/\\1/driver' -> '[^']*/([^/']+)'$",
			Pattern.MULTILINE);

	static List<Capture> captures() {
		return Fixtures.all().stream().filter(Capture::hasCommands).toList();
	}

	@ParameterizedTest
	@MethodSource("captures")
	void attachedDevicesEqualTheVdpaToolsDeviceList(Capture capture) {
		VduseReport vduse = CaptureReports.of(capture).vduse();
		String output = capture.command("vdpa-dev-show-json.txt");
		if (output.contains("Failed to connect to vdpa Netlink")) {
			assertThat(vduse.loaded()).isFalse();
			assertThat(vduse.devices().orElseThrow()).isEmpty();
			return;
		}
		Map<?, ?> dev = (Map<?, ?>) ((Map<?, ?>) JsonReader.parse(output)).get("dev");
		List<VduseDevice> attached = vduse.devices()
			.orElseThrow()
			.stream()
			.filter((d) -> d.attached().orElseThrow())
			.toList();
		assertThat(attached).extracting(VduseDevice::name).containsExactlyInAnyOrderElementsOf(names(dev));
		for (VduseDevice device : attached) {
			Map<?, ?> shown = (Map<?, ?>) dev.get(device.name());
			assertThat(shown.get("mgmtdev")).isEqualTo("vduse");
			assertThat(device.queueCount().orElseThrow().longValue()).isEqualTo(shown.get("max_vqs"));
			if (device.type().isKnown()) {
				assertThat(device.type().orElseThrow()).isEqualTo(shown.get("type"));
				assertThat(device.virtio().orElseThrow().vendorId().orElseThrow().longValue())
					.isEqualTo(shown.get("vendor_id"));
			}
			else {
				assertThat(device.driver().orElseThrow()).isNotEqualTo("virtio_vdpa");
				assertThat(device.type().unknownReason())
					.hasValueSatisfying((r) -> assertThat(r).contains("vhost_vdpa"));
			}
		}
	}

	@ParameterizedTest
	@MethodSource("captures")
	void devicesAndQueuesAndDriversEqualTheSysfsTreeTheKernelShowed(Capture capture) throws IOException {
		String manifest = Files.readString(capture.path().resolve("manifest.txt"));
		Map<String, Integer> queues = new HashMap<>();
		Matcher queue = MANIFEST_QUEUE.matcher(manifest);
		while (queue.find()) {
			queues.merge(queue.group(1), 1, Integer::sum);
		}
		Map<String, String> drivers = new HashMap<>();
		Matcher driver = MANIFEST_DRIVER.matcher(manifest);
		while (driver.find()) {
			drivers.put(driver.group(1), driver.group(2));
		}
		List<VduseDevice> devices = CaptureReports.of(capture).vduse().devices().orElseThrow();
		assertThat(devices).extracting(VduseDevice::name).containsExactlyInAnyOrderElementsOf(queues.keySet());
		for (VduseDevice device : devices) {
			assertThat(device.queueCount().orElseThrow()).isEqualTo(queues.get(device.name()));
			assertThat(device.driver().orElse("none")).isEqualTo(drivers.getOrDefault(device.name(), "none"));
		}
	}

	@ParameterizedTest
	@MethodSource("captures")
	void deviceNumbersEqualTheDevListing(Capture capture) {
		Map<String, String> listed = new HashMap<>();
		Matcher vduse = LS_NODE.matcher(capture.command("ls-dev-vduse.txt"));
		while (vduse.find()) {
			listed.put("/dev/vduse/" + vduse.group(3), vduse.group(1) + ":" + vduse.group(2));
		}
		Matcher other = LS_ANY_NODE.matcher(capture.command("ls-dev-nodes.txt"));
		while (other.find()) {
			listed.put("/dev/" + other.group(3), other.group(1) + ":" + other.group(2));
		}
		for (VduseDevice device : CaptureReports.of(capture).vduse().devices().orElseThrow()) {
			assertThat(device.devNumber().orElseThrow()).isEqualTo(listed.get("/dev/vduse/" + device.name()));
			for (ConsumerNode node : device.consumer().nodes()) {
				assertThat(node.devNumber().orElseThrow()).isEqualTo(listed.get(node.path().orElseThrow()));
			}
		}
	}

	@ParameterizedTest
	@MethodSource("captures")
	void moduleStatesEqualLsmod(Capture capture) {
		Set<String> loaded = new TreeSet<>();
		for (String line : capture.command("lsmod.txt").lines().skip(1).toList()) {
			loaded.add(line.split("\\s+")[0]);
		}
		for (KernelModule module : CaptureReports.of(capture).vduse().modules()) {
			ModuleState expected = loaded.contains(module.name()) ? ModuleState.LOADED : ModuleState.NOT_LOADED;
			assertThat(module.state().orElseThrow()).as(module.name()).isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@MethodSource("captures")
	void backEndsAreTheProcessesPsShows(Capture capture) {
		Map<Long, String> ps = new HashMap<>();
		for (String line : capture.command("ps.txt").lines().skip(1).toList()) {
			String[] parts = line.strip().split("\\s+", 2);
			ps.put(Long.parseLong(parts[0]), parts[1]);
		}
		List<ProcessRef> backends = new ArrayList<>();
		for (VduseDevice device : CaptureReports.of(capture).vduse().devices().orElseThrow()) {
			List<ProcessRef> held = device.backends().orElseThrow();
			assertThat(held).hasSize(1);
			assertThat(held.getFirst().cmdline().orElseThrow()).contains("name=" + device.name() + ",");
			backends.addAll(held);
		}
		for (ProcessRef backend : backends) {
			assertThat(backend.cmdline().orElseThrow()).isEqualTo(ps.get(backend.pid()));
		}
	}

	@Test
	void aBlockDeviceOnVirtioVdpaServedByItsBackEndIsHealthy() {
		VduseDevice vduse0 = device("linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa", "vduse0");
		assertThat(vduse0.type().orElseThrow()).isEqualTo("block");
		assertThat(vduse0.consumer().nodes()).extracting(ConsumerNode::name).containsExactly("vda");
		assertThat(vduse0.virtio().orElseThrow().statusFlags().orElseThrow()).contains("DRIVER_OK");
		assertThat(vduse0.health().verdict()).isEqualTo(DeviceHealthVerdict.HEALTHY);
		assertThat(vduse0.msgTimeoutSeconds().orElseThrow()).isEqualTo(30);
		assertThat(vduse0.bounceSizeBytes().orElseThrow()).isEqualTo(64L << 20);
	}

	@Test
	void aDeviceOnVhostVdpaThatNoVmHoldsIsIdle() {
		VduseDevice vduse1 = device("linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa", "vduse1");
		ConsumerNode node = vduse1.consumer().nodes().getFirst();
		assertThat(node.path().orElseThrow()).isEqualTo("/dev/vhost-vdpa-0");
		assertThat(node.holders().orElseThrow()).isEmpty();
		assertThat(vduse1.health().verdict()).isEqualTo(DeviceHealthVerdict.IDLE);
	}

	@Test
	void withoutTheVduseModuleTheKernelStillSupportsVduse() {
		VduseReport vduse = CaptureReports.of(Fixtures.named("linux-6.12-debian/00-boot-no-vdpa-modules")).vduse();
		assertThat(vduse.supported().orElseThrow()).isTrue();
		assertThat(vduse.loaded()).isFalse();
		assertThat(vduse.supportReason()).contains("CONFIG_VDPA_USER=m");
	}

	@Test
	void aKernelWithoutVdpaDoesNotSupportVduse() {
		VduseReport vduse = CaptureReports.of(Fixtures.named("linux-6.18-vm/a-hvo-off-no-pools")).vduse();
		assertThat(vduse.supported().orElseThrow()).isFalse();
		assertThat(vduse.modules())
			.allSatisfy((m) -> assertThat(m.state().orElseThrow()).isEqualTo(ModuleState.NOT_BUILT));
	}

	private static VduseDevice device(String capture, String name) {
		return CaptureReports.of(Fixtures.named(capture))
			.vduse()
			.devices()
			.orElseThrow()
			.stream()
			.filter((d) -> d.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static List<String> names(Map<?, ?> map) {
		return map.keySet().stream().map(String::valueOf).toList();
	}

}
