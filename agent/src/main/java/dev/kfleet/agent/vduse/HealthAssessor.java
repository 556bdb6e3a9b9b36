package dev.kfleet.agent.vduse;

import java.util.List;
import java.util.stream.Collectors;

import dev.kfleet.agent.report.ConsumerNode;
import dev.kfleet.agent.report.DeviceHealth;
import dev.kfleet.agent.report.DeviceHealthVerdict;
import dev.kfleet.agent.report.ProcessRef;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.VirtioDevice;

/**
 * The health verdict of a VDUSE device (kernel-facts.md §2.6 step 7). The kernel's
 * {@code broken} flag is not in sysfs, so the signals are: a back end holds
 * {@code /dev/vduse/<name>}; the device is attached and bound; for {@code virtio_vdpa}
 * the virtio status has DRIVER_OK and neither NEEDS_RESET nor FAILED; for
 * {@code vhost_vdpa} a process holds the vhost-vdpa node.
 */
final class HealthAssessor {

	private HealthAssessor() {
	}

	static DeviceHealth assess(DeviceSysfs device, Reading<List<ProcessRef>> backends, List<ConsumerNode> nodes) {
		if (!backends.isKnown()) {
			return new DeviceHealth(DeviceHealthVerdict.UNKNOWN, backends.unknownReason().orElseThrow());
		}
		if (backends.orElseThrow().isEmpty()) {
			return new DeviceHealth(DeviceHealthVerdict.UNHEALTHY, "no process holds " + device.vduseNode()
					+ " open: the back end is gone, and I/O waits until msg_timeout marks the device broken");
		}
		String backend = "back end " + pids(backends.orElseThrow());
		if (!device.attached().orElse(false)) {
			return new DeviceHealth(
					device.attached().isKnown() ? DeviceHealthVerdict.IDLE : DeviceHealthVerdict.UNKNOWN,
					backend + "; not attached to the vDPA bus (no 'vdpa dev add' yet)");
		}
		if (!device.bound().orElse(false)) {
			return new DeviceHealth(device.bound().isKnown() ? DeviceHealthVerdict.IDLE : DeviceHealthVerdict.UNKNOWN,
					backend + "; on the vDPA bus but bound to no driver");
		}
		return switch (device.driver().orElse("")) {
			case "virtio_vdpa" -> virtio(device.virtio(), backend, nodes);
			case "vhost_vdpa" -> vhost(backend, nodes);
			default -> new DeviceHealth(DeviceHealthVerdict.UNKNOWN, backend + "; bound to "
					+ device.driver().orElse("an unknown driver") + ", which the agent does not know");
		};
	}

	private static DeviceHealth virtio(Reading<VirtioDevice> virtio, String backend, List<ConsumerNode> nodes) {
		Reading<Long> status = virtio.flatMap(VirtioDevice::status);
		if (!status.isKnown()) {
			return new DeviceHealth(DeviceHealthVerdict.UNKNOWN,
					backend + "; virtio status unknown: " + status.unknownReason().orElseThrow());
		}
		long value = status.orElseThrow();
		String shown = String.format("virtio status 0x%02x", value);
		if ((value & VirtioIds.FAILED) != 0 || (value & VirtioIds.NEEDS_RESET) != 0) {
			return new DeviceHealth(DeviceHealthVerdict.UNHEALTHY,
					backend + "; " + shown + " has " + (((value & VirtioIds.FAILED) != 0) ? "FAILED" : "NEEDS_RESET"));
		}
		if ((value & VirtioIds.DRIVER_OK) == 0) {
			return new DeviceHealth(DeviceHealthVerdict.UNHEALTHY, backend + "; " + shown + " lacks DRIVER_OK");
		}
		String consumers = nodes.isEmpty() ? "no block device or interface yet"
				: nodes.stream().map(ConsumerNode::name).collect(Collectors.joining(", "));
		return new DeviceHealth(nodes.isEmpty() ? DeviceHealthVerdict.IDLE : DeviceHealthVerdict.HEALTHY,
				backend + "; " + shown + " has DRIVER_OK; consumed as " + consumers);
	}

	private static DeviceHealth vhost(String backend, List<ConsumerNode> nodes) {
		if (nodes.isEmpty()) {
			return new DeviceHealth(DeviceHealthVerdict.UNKNOWN,
					backend + "; bound to vhost_vdpa but no vhost-vdpa node exists");
		}
		ConsumerNode node = nodes.getFirst();
		if (!node.holders().isKnown()) {
			return new DeviceHealth(DeviceHealthVerdict.UNKNOWN,
					backend + "; " + node.holders().unknownReason().orElseThrow());
		}
		List<ProcessRef> holders = node.holders().orElseThrow();
		String path = node.path().orElse(node.name());
		if (holders.isEmpty()) {
			return new DeviceHealth(DeviceHealthVerdict.IDLE,
					backend + "; no process holds " + path + " open (no VM attached)");
		}
		return new DeviceHealth(DeviceHealthVerdict.HEALTHY, backend + "; " + path + " held by " + pids(holders));
	}

	private static String pids(List<ProcessRef> processes) {
		return processes.stream()
			.map((p) -> "pid " + p.pid() + p.comm().map((c) -> " (" + c + ")").orElse(""))
			.collect(Collectors.joining(", "));
	}

}
