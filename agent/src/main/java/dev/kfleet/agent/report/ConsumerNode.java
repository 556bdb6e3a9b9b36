package dev.kfleet.agent.report;

import java.util.List;

/**
 * A block device, network interface or vhost-vdpa node fed by a VDUSE device.
 *
 * @param name the kernel name, such as {@code vda} or {@code vhost-vdpa-0}
 * @param path the device node, such as {@code /dev/vda}
 * @param devNumber the major:minor of the node
 * @param holders the processes that hold the node open (for {@code vhost-vdpa}: the VM)
 */
public record ConsumerNode(@MaxLength(256) String name, @MaxLength(4096) Reading<String> path,
		@MaxLength(32) Reading<String> devNumber, Reading<List<ProcessRef>> holders) {
}
