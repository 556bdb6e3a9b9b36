package dev.kfleet.agent.report;

/**
 * The kinds of {@link DeviceConsumer}.
 */
public enum ConsumerKind {

	/** A block device of this host ({@code virtio_vdpa} + {@code virtio_blk}). */
	BLOCK_DEVICE,

	/** A network interface of this host ({@code virtio_vdpa} + {@code virtio_net}). */
	NET_DEVICE,

	/** A virtio device of this host that no block or network device came from (yet). */
	VIRTIO_DEVICE,

	/** A {@code /dev/vhost-vdpa-N} node for a VM ({@code vhost_vdpa}). */
	VHOST_VDPA,

	/** Nothing: not attached to the vDPA bus, or bound to no driver. */
	NONE

}
