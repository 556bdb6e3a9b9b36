package dev.kfleet.agent.vduse;

import java.util.List;
import java.util.Map;

/**
 * Virtio device ids and status bits ({@code include/uapi/linux/virtio_ids.h},
 * {@code virtio_config.h}).
 */
final class VirtioIds {

	private static final Map<Integer, String> TYPES = Map.ofEntries(Map.entry(1, "net"), Map.entry(2, "block"),
			Map.entry(3, "console"), Map.entry(4, "rng"), Map.entry(5, "balloon"), Map.entry(8, "scsi"),
			Map.entry(9, "9p"), Map.entry(16, "gpu"), Map.entry(18, "input"), Map.entry(19, "vsock"),
			Map.entry(20, "crypto"), Map.entry(26, "fs"), Map.entry(27, "pmem"), Map.entry(41, "gpio"));

	/** Status bits, lowest first, with their names. */
	static final List<Map.Entry<Integer, String>> STATUS_BITS = List.of(Map.entry(1, "ACKNOWLEDGE"),
			Map.entry(2, "DRIVER"), Map.entry(4, "DRIVER_OK"), Map.entry(8, "FEATURES_OK"),
			Map.entry(0x40, "NEEDS_RESET"), Map.entry(0x80, "FAILED"));

	static final long DRIVER_OK = 4;

	static final long NEEDS_RESET = 0x40;

	static final long FAILED = 0x80;

	private VirtioIds() {
	}

	static String typeName(int deviceId) {
		return TYPES.getOrDefault(deviceId, "virtio-" + deviceId);
	}

	static List<String> statusFlags(long status) {
		return STATUS_BITS.stream().filter((bit) -> (status & bit.getKey()) != 0).map(Map.Entry::getValue).toList();
	}

}
