package dev.kfleet.agent.vduse;

import java.util.List;

import dev.kfleet.agent.report.ConsumerKind;
import dev.kfleet.agent.report.ConsumerNode;
import dev.kfleet.agent.report.DeviceHealth;
import dev.kfleet.agent.report.DeviceHealthVerdict;
import dev.kfleet.agent.report.ProcessRef;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.VirtioDevice;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthAssessorTests {

	private static final Reading<List<ProcessRef>> BACKEND = Reading
		.of(List.of(new ProcessRef(412, Reading.of("qemu-storage-da"), Reading.of("qemu-storage-daemon"))));

	@Test
	void aDeviceWhoseBackEndIsGoneIsUnhealthy() {
		DeviceHealth health = HealthAssessor.assess(virtioDevice(0x0f), Reading.of(List.of()), List.of());
		assertThat(health.verdict()).isEqualTo(DeviceHealthVerdict.UNHEALTHY);
		assertThat(health.reason()).contains("no process holds /dev/vduse/vduse0");
	}

	@Test
	void whenSomeProcessesCannotBeSeenAMissingBackEndIsUnknownNotUnhealthy() {
		DeviceHealth health = HealthAssessor.assess(virtioDevice(0x0f), Reading.unknown("3 of 90 unreadable"),
				List.of());
		assertThat(health.verdict()).isEqualTo(DeviceHealthVerdict.UNKNOWN);
	}

	@Test
	void aVirtioStatusWithFailedOrNeedsResetOrWithoutDriverOkIsUnhealthy() {
		assertThat(HealthAssessor.assess(virtioDevice(0x8f), BACKEND, List.of(vda())).reason()).contains("FAILED");
		assertThat(HealthAssessor.assess(virtioDevice(0x4f), BACKEND, List.of(vda())).reason()).contains("NEEDS_RESET");
		assertThat(HealthAssessor.assess(virtioDevice(0x0b), BACKEND, List.of(vda())).verdict())
			.isEqualTo(DeviceHealthVerdict.UNHEALTHY);
	}

	@Test
	void aServedDeviceWithDriverOkAndABlockDeviceIsHealthy() {
		DeviceHealth health = HealthAssessor.assess(virtioDevice(0x0f), BACKEND, List.of(vda()));
		assertThat(health.verdict()).isEqualTo(DeviceHealthVerdict.HEALTHY);
		assertThat(health.reason()).contains("pid 412", "vda");
	}

	@Test
	void aServedDeviceNotAttachedToTheBusIsIdle() {
		DeviceSysfs detached = new DeviceSysfs("vduse0", Reading.of("245:1"), Reading.of(List.of()), Reading.of(30L),
				Reading.of(1L << 26), Reading.of(false), Reading.of(false), Reading.unknown("not attached"),
				Reading.unknown("not attached"), ConsumerKind.NONE, List.of());
		assertThat(HealthAssessor.assess(detached, BACKEND, List.of()).verdict()).isEqualTo(DeviceHealthVerdict.IDLE);
	}

	@Test
	void aVhostVdpaDeviceHeldByAVmIsHealthy() {
		DeviceSysfs vhost = new DeviceSysfs("vduse1", Reading.of("245:2"), Reading.of(List.of()), Reading.of(30L),
				Reading.of(1L << 26), Reading.of(true), Reading.of(true), Reading.of("vhost_vdpa"),
				Reading.unknown("vhost"), ConsumerKind.VHOST_VDPA, List.of());
		ConsumerNode node = new ConsumerNode("vhost-vdpa-0", Reading.of("/dev/vhost-vdpa-0"), Reading.of("244:0"),
				Reading.of(List.of(new ProcessRef(900, Reading.of("qemu-system-x86"), Reading.of("qemu")))));
		DeviceHealth health = HealthAssessor.assess(vhost, BACKEND, List.of(node));
		assertThat(health.verdict()).isEqualTo(DeviceHealthVerdict.HEALTHY);
		assertThat(health.reason()).contains("/dev/vhost-vdpa-0 held by pid 900");
	}

	private static DeviceSysfs virtioDevice(long status) {
		VirtioDevice virtio = new VirtioDevice("virtio1", Reading.of(2), Reading.of(0), Reading.of(status),
				Reading.of(VirtioIds.statusFlags(status)), Reading.of(List.of()), Reading.of("virtio_blk"));
		return new DeviceSysfs("vduse0", Reading.of("245:1"), Reading.of(List.of()), Reading.of(30L),
				Reading.of(1L << 26), Reading.of(true), Reading.of(true), Reading.of("virtio_vdpa"), Reading.of(virtio),
				ConsumerKind.BLOCK_DEVICE, List.of());
	}

	private static ConsumerNode vda() {
		return new ConsumerNode("vda", Reading.of("/dev/vda"), Reading.of("254:0"), Reading.of(List.of()));
	}

}
