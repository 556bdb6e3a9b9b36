package dev.kfleet.agent.report;

import java.util.List;

/**
 * One VDUSE device, from {@code /sys/class/vduse/NAME} and the vDPA and virtio buses.
 *
 * @param name the device name
 * @param devNumber the major:minor of {@code /dev/vduse/NAME}
 * @param queueCount the number of virtqueues ({@code vqN} directories)
 * @param queues the virtqueues
 * @param msgTimeoutSeconds {@code msg_timeout} (0 waits forever)
 * @param bounceSizeBytes {@code bounce_size}
 * @param attached whether the device is on the vDPA bus ({@code vdpa dev add} was run)
 * @param bound whether a vDPA bus driver is bound to it
 * @param driver the bound vDPA driver: {@code virtio_vdpa} (consumed by this host) or
 * {@code vhost_vdpa} (handed to a VM)
 * @param type the virtio device type: {@code block}, {@code net}, ...
 * @param virtio the virtio device the kernel made of it (bound to {@code virtio_vdpa}
 * only)
 * @param consumer what consumes the device
 * @param backends the processes that hold {@code /dev/vduse/NAME} open: the userspace
 * back end
 * @param health the verdict, and why
 */
public record VduseDevice(@MaxLength(256) String name, @MaxLength(32) Reading<String> devNumber,
		Reading<Integer> queueCount, List<VduseQueue> queues, Reading<Long> msgTimeoutSeconds,
		Reading<Long> bounceSizeBytes, Reading<Boolean> attached, Reading<Boolean> bound,
		@MaxLength(64) Reading<String> driver, @MaxLength(64) Reading<String> type, Reading<VirtioDevice> virtio,
		DeviceConsumer consumer, Reading<List<ProcessRef>> backends, DeviceHealth health) {

	public VduseDevice {
		queues = List.copyOf(queues);
	}

}
