package dev.kfleet.observations;

import org.jspecify.annotations.Nullable;

/**
 * A VDUSE device as the host's latest report shows it.
 *
 * @param name the device name
 * @param attached on the vDPA bus
 * @param driver the bound vDPA driver ({@code virtio_vdpa}, {@code vhost_vdpa})
 * @param type the virtio device type ({@code block}, {@code net})
 * @param queueCount its virtqueues
 * @param health the agent's verdict
 * @param healthReason why
 * @param backendPid the process serving the device, if one was seen
 * @param backendCommand its command
 * @param consumer what consumes the device (a block device, a vhost-vdpa node)
 * @param backendGone whether the back end is gone (the device is orphaned): true when the
 * agent found no process holding {@code /dev/vduse/<name>} open (an empty
 * {@code backends} list), false when it found one, null when it could not tell
 * ({@code backends} null)
 * @param consumerKind the kind of consumer ({@code block-device}, {@code net-device},
 * {@code virtio-device}, {@code vhost-vdpa}, {@code none}), null when not reported
 */
public record VduseDeviceState(String name, @Nullable Boolean attached, @Nullable String driver, @Nullable String type,
		@Nullable Integer queueCount, String health, String healthReason, @Nullable Integer backendPid,
		@Nullable String backendCommand, @Nullable String consumer, @Nullable Boolean backendGone,
		@Nullable String consumerKind) {

	/**
	 * A device whose back end's presence and consumer kind are not known.
	 * @param name the device name
	 * @param attached on the vDPA bus
	 * @param driver the bound vDPA driver
	 * @param type the virtio device type
	 * @param queueCount its virtqueues
	 * @param health the agent's verdict
	 * @param healthReason why
	 * @param backendPid the process serving the device, if one was seen
	 * @param backendCommand its command
	 * @param consumer what consumes the device
	 */
	public VduseDeviceState(String name, @Nullable Boolean attached, @Nullable String driver, @Nullable String type,
			@Nullable Integer queueCount, String health, String healthReason, @Nullable Integer backendPid,
			@Nullable String backendCommand, @Nullable String consumer) {
		this(name, attached, driver, type, queueCount, health, healthReason, backendPid, backendCommand, consumer, null,
				null);
	}

}
