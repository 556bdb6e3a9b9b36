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
 */
public record VduseDeviceState(String name, @Nullable Boolean attached, @Nullable String driver, @Nullable String type,
		@Nullable Integer queueCount, String health, String healthReason, @Nullable Integer backendPid,
		@Nullable String backendCommand, @Nullable String consumer) {
}
