package dev.kfleet.agent.vduse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.ConsumerKind;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.VirtioDevice;

/**
 * Reads the virtio device that {@code virtio_vdpa} made of a vDPA device, and the block
 * devices or network interfaces its driver made of it (kernel-facts.md §2.4).
 */
final class VirtioReader {

	private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{1,8}");

	private static final Pattern BITS = Pattern.compile("[01]{1,1024}");

	private VirtioReader() {
	}

	static VirtioDevice read(HostFiles files, String dir, String name) {
		String base = dir + "/" + name + "/";
		Reading<Integer> deviceId = id(hex(files, base + "device"), base + "device");
		Reading<Integer> vendorId = id(hex(files, base + "vendor"), base + "vendor");
		Reading<Long> status = hex(files, base + "status");
		Reading<List<Integer>> features = files.readValue(base + "features").flatMap((text) -> bits(base, text));
		Reading<String> driver = files.isLink(base + "driver")
				? files.readLink(base + "driver").map(VirtioReader::basename)
				: Reading.unknown("no virtio driver is bound to " + name);
		return new VirtioDevice(name, deviceId, vendorId, status, status.map(VirtioIds::statusFlags), features, driver);
	}

	/**
	 * Lists the consumers below a virtio device: {@code block/<disk>} or
	 * {@code net/<iface>}.
	 * @param files the host's files
	 * @param virtioDir the virtio device directory
	 * @return the kind and the names found
	 */
	static Consumers consumers(HostFiles files, String virtioDir) {
		List<String> block = files.list(virtioDir + "/block").orElse(List.of());
		if (!block.isEmpty()) {
			return new Consumers(ConsumerKind.BLOCK_DEVICE, "block", block);
		}
		List<String> net = files.list(virtioDir + "/net").orElse(List.of());
		if (!net.isEmpty()) {
			return new Consumers(ConsumerKind.NET_DEVICE, "net", net);
		}
		return new Consumers(ConsumerKind.VIRTIO_DEVICE, "", List.of());
	}

	static String basename(String path) {
		return path.substring(path.lastIndexOf('/') + 1);
	}

	private static Reading<Long> hex(HostFiles files, String path) {
		return files.readValue(path)
			.flatMap((text) -> HEX.matcher(text).matches() ? Reading.of(Long.parseLong(text.substring(2), 16))
					: Reading.unknown("garbled: " + path + " holds '" + HostFiles.abbreviate(text) + "', not 0x<hex>"));
	}

	/** An id as the report holds it: 0 to 2^31 − 1. */
	private static Reading<Integer> id(Reading<Long> value, String path) {
		return value.flatMap((id) -> (id <= Integer.MAX_VALUE) ? Reading.of(id.intValue())
				: Reading.unknown("garbled: " + path + " holds 0x" + Long.toHexString(id) + ", above 0x7fffffff"));
	}

	private static Reading<List<Integer>> bits(String base, String text) {
		if (!BITS.matcher(text).matches()) {
			return Reading.unknown("garbled: " + base + "features is not a string of 0 and 1");
		}
		List<Integer> set = new ArrayList<>();
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '1') {
				set.add(i);
			}
		}
		return Reading.of(List.copyOf(set));
	}

	/**
	 * The consumers below a virtio device.
	 *
	 * @param kind block device, network interface, or neither yet
	 * @param subdirectory {@code block} or {@code net}
	 * @param names the disk or interface names
	 */
	record Consumers(ConsumerKind kind, String subdirectory, List<String> names) {
	}

}
