package dev.kfleet.agent.report;

import java.util.List;

/**
 * What consumes a VDUSE device.
 *
 * @param kind the kind of consumer
 * @param nodes the block devices, network interfaces or {@code /dev/vhost-vdpa-N} node it
 * feeds
 */
public record DeviceConsumer(ConsumerKind kind, List<ConsumerNode> nodes) {

	public DeviceConsumer {
		nodes = List.copyOf(nodes);
	}

}
