package dev.kfleet.agent.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.report.ConsumerKind;
import dev.kfleet.agent.report.ConsumerNode;
import dev.kfleet.agent.report.DeviceConsumer;
import dev.kfleet.agent.report.DeviceHealth;
import dev.kfleet.agent.report.DeviceHealthVerdict;
import dev.kfleet.agent.report.KernelModule;
import dev.kfleet.agent.report.ProcessRef;
import dev.kfleet.agent.report.ProcessScan;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.VduseDevice;
import dev.kfleet.agent.report.VduseQueue;
import dev.kfleet.agent.report.VduseReport;
import dev.kfleet.agent.report.VirtioDevice;

/**
 * The VDUSE section of a modeled host: the four modules as its kernel has them, and
 * devices served by a {@code qemu-storage-daemon} back end, consumed by the host
 * ({@code virtio_vdpa}, a block device) or offered to VMs ({@code vhost_vdpa}), shaped as
 * the agent reports real ones.
 */
final class SimulatedVduse {

	private SimulatedVduse() {
	}

	static VduseReport report(SimulatedKernel kernel) {
		KernelProfile profile = kernel.profile();
		boolean built = "m".equals(profile.config().get("CONFIG_VDPA_USER"));
		boolean loaded = kernel.vduseLoaded();
		List<KernelModule> modules = kernel.vduseModules();
		String reason = loaded ? "the vduse module is loaded (/sys/class/vduse exists)"
				: built ? "CONFIG_VDPA_USER=m, but the vduse module is not loaded" : "CONFIG_VDPA_USER is not set";
		if (!loaded || profile.vduseDevices().isEmpty()) {
			return new VduseReport(Reading.of(built), reason, loaded, modules, Reading.of(List.of()),
					Reading.unknown("not needed: no VDUSE device"));
		}
		List<VduseDevice> devices = new ArrayList<>();
		int minor = 1;
		for (Map.Entry<String, String> device : profile.vduseDevices().entrySet()) {
			devices.add(device(device.getKey(), device.getValue(), minor++));
		}
		return new VduseReport(Reading.of(true), reason, true, modules, Reading.of(devices),
				Reading.of(new ProcessScan(180 + devices.size(), 0)));
	}

	private static VduseDevice device(String name, String kind, int minor) {
		String[] parts = kind.split("/");
		boolean host = parts[1].equals("virtio_vdpa");
		String type = parts[0];
		ProcessRef backend = new ProcessRef(1000 + minor, Reading.of("qemu-storage-da"),
				Reading.of("qemu-storage-daemon --export type=vduse-blk,id=exp" + minor + ",name=" + name));
		List<VduseQueue> queues = List.of(new VduseQueue(0, Reading.of("3")));
		VduseDevice device = host ? hostDevice(name, type, minor, queues, backend)
				: vmDevice(name, minor, queues, backend);
		return kind.endsWith(KernelProfile.ORPHANED) ? orphaned(device) : device;
	}

	/**
	 * The device once its back end has gone: no process holds {@code /dev/vduse/<name>},
	 * and the agent says so as it does of a real one.
	 */
	private static VduseDevice orphaned(VduseDevice device) {
		return new VduseDevice(device.name(), device.devNumber(), device.queueCount(), device.queues(),
				device.msgTimeoutSeconds(), device.bounceSizeBytes(), device.attached(), device.bound(),
				device.driver(), device.type(), device.virtio(), device.consumer(), Reading.of(List.of()),
				new DeviceHealth(DeviceHealthVerdict.UNHEALTHY, "no process holds /dev/vduse/" + device.name()
						+ " open: the back end is gone, and I/O waits until msg_timeout marks the device broken"));
	}

	private static VduseDevice hostDevice(String name, String type, int minor, List<VduseQueue> queues,
			ProcessRef backend) {
		VirtioDevice virtio = new VirtioDevice("virtio" + minor, Reading.of(type.equals("net") ? 1 : 2), Reading.of(0),
				Reading.of(15L), Reading.of(List.of("ACKNOWLEDGE", "DRIVER", "DRIVER_OK", "FEATURES_OK")),
				Reading.of(List.of(2, 6, 9, 32, 33)), Reading.of(type.equals("net") ? "virtio_net" : "virtio_blk"));
		String node = "vd" + (char) ('a' + minor - 1);
		return new VduseDevice(name, Reading.of("245:" + minor), Reading.of(1), queues, Reading.of(30L),
				Reading.of(67108864L), Reading.of(true), Reading.of(true), Reading.of("virtio_vdpa"), Reading.of(type),
				Reading.of(virtio),
				new DeviceConsumer(ConsumerKind.BLOCK_DEVICE,
						List.of(new ConsumerNode(node, Reading.of("/dev/" + node), Reading.of("254:" + (minor - 1)),
								Reading.of(List.of())))),
				Reading.of(List.of(backend)), new DeviceHealth(DeviceHealthVerdict.HEALTHY,
						"back end pid " + backend.pid() + "; virtio status 0x0f has DRIVER_OK; consumed as " + node));
	}

	private static VduseDevice vmDevice(String name, int minor, List<VduseQueue> queues, ProcessRef backend) {
		String unknown = "bound to vhost_vdpa: the kernel shows no virtio device in sysfs";
		String vhost = "vhost-vdpa-" + (minor - 1);
		return new VduseDevice(name, Reading.of("245:" + minor), Reading.of(1), queues, Reading.of(30L),
				Reading.of(67108864L), Reading.of(true), Reading.of(true), Reading.of("vhost_vdpa"),
				Reading.unknown(unknown), Reading.unknown(unknown),
				new DeviceConsumer(ConsumerKind.VHOST_VDPA,
						List.of(new ConsumerNode(vhost, Reading.of("/dev/" + vhost), Reading.of("244:" + (minor - 1)),
								Reading.of(List.of())))),
				Reading.of(List.of(backend)), new DeviceHealth(DeviceHealthVerdict.IDLE, "back end pid " + backend.pid()
						+ "; no process holds /dev/" + vhost + " open (no VM attached)"));
	}

}
