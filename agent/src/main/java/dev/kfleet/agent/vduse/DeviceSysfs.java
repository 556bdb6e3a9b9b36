package dev.kfleet.agent.vduse;

import java.util.List;

import dev.kfleet.agent.report.ConsumerKind;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.VduseQueue;
import dev.kfleet.agent.report.VirtioDevice;

/**
 * What sysfs shows of one VDUSE device, before the process scan adds back ends and
 * holders.
 *
 * @param name the device name
 * @param devNumber major:minor of {@code /dev/vduse/<name>}
 * @param queues the virtqueues
 * @param msgTimeoutSeconds {@code msg_timeout}
 * @param bounceSizeBytes {@code bounce_size}
 * @param attached whether it is on the vDPA bus
 * @param bound whether a vDPA driver is bound
 * @param driver the vDPA driver
 * @param virtio the virtio device ({@code virtio_vdpa} only)
 * @param consumerKind the kind of consumer
 * @param nodes the consumer nodes: name, {@code /dev} path, major:minor
 */
record DeviceSysfs(String name, Reading<String> devNumber, Reading<List<VduseQueue>> queues,
		Reading<Long> msgTimeoutSeconds, Reading<Long> bounceSizeBytes, Reading<Boolean> attached,
		Reading<Boolean> bound, Reading<String> driver, Reading<VirtioDevice> virtio, ConsumerKind consumerKind,
		List<Node> nodes) {

	String vduseNode() {
		return "/dev/vduse/" + this.name;
	}

	/**
	 * A consumer node.
	 *
	 * @param name the kernel name
	 * @param path the {@code /dev} path
	 * @param devNumber major:minor
	 */
	record Node(String name, Reading<String> path, Reading<String> devNumber) {
	}

}
