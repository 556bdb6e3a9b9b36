package dev.kfleet.agent.report;

import java.util.List;

/**
 * The virtio device a VDUSE device became on the host's virtio bus (via
 * {@code virtio_vdpa}).
 *
 * @param name the virtio device, such as {@code virtio1}
 * @param deviceId the virtio device id (1 net, 2 block, ...)
 * @param vendorId the virtio vendor id
 * @param status the virtio status byte
 * @param statusFlags the names of the bits set in {@code status}
 * @param featureBits the negotiated feature bits that are set
 * @param driver the virtio driver bound to it, such as {@code virtio_blk}
 */
public record VirtioDevice(@MaxLength(32) String name, Reading<Integer> deviceId, Reading<Integer> vendorId,
		Reading<Long> status, @MaxLength(16) Reading<List<String>> statusFlags, Reading<List<Integer>> featureBits,
		@MaxLength(64) Reading<String> driver) {
}
