package dev.kfleet.agent.vduse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.ConsumerKind;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.VduseQueue;
import dev.kfleet.agent.report.VirtioDevice;

/**
 * Reads one VDUSE device from {@code /sys/class/vduse/<name>} and, when it is attached,
 * from its vDPA device (a child of the same name) and the virtio or vhost-vdpa device
 * below that.
 */
final class VduseDeviceReader {

	static final String CLASS = "/sys/class/vduse";

	static final String VDPA_DEVICES = "/sys/bus/vdpa/devices";

	private static final Pattern QUEUE = Pattern.compile("vq([0-9]{1,5})");

	private static final Pattern VIRTIO = Pattern.compile("virtio[0-9]{1,6}");

	private static final Pattern VHOST = Pattern.compile("vhost-vdpa-[0-9]{1,6}");

	private static final Pattern DEV = Pattern.compile("[0-9]{1,10}:[0-9]{1,10}");

	private VduseDeviceReader() {
	}

	static DeviceSysfs read(HostFiles files, String name) {
		Reading<String> dir = files.resolve(CLASS + "/" + name);
		if (!dir.isKnown()) {
			String reason = dir.unknownReason().orElseThrow();
			return new DeviceSysfs(name, Reading.unknown(reason), Reading.unknown(reason), Reading.unknown(reason),
					Reading.unknown(reason), Reading.unknown(reason), Reading.unknown(reason), Reading.unknown(reason),
					Reading.unknown(reason), ConsumerKind.NONE, List.of());
		}
		String base = dir.orElseThrow();
		Reading<String> vdpa = vdpaDevice(files, base, name);
		Reading<Boolean> attached = vdpa.isKnown() ? Reading.of(true) : Reading.of(false);
		Binding binding = vdpa.isKnown() ? bind(files, vdpa.orElseThrow()) : Binding.notAttached();
		return new DeviceSysfs(name, devNumber(files, base + "/dev"), queues(files, base),
				files.readCount(base + "/msg_timeout"), files.readCount(base + "/bounce_size"), attached, binding.bound,
				binding.driver, binding.virtio, binding.kind, binding.nodes);
	}

	static Reading<String> devNumber(HostFiles files, String path) {
		return files.readValue(path)
			.flatMap((text) -> DEV.matcher(text).matches() ? Reading.of(text) : Reading
				.unknown("garbled: " + path + " holds '" + HostFiles.abbreviate(text) + "', not major:minor"));
	}

	private static Reading<String> vdpaDevice(HostFiles files, String base, String name) {
		String link = VDPA_DEVICES + "/" + name;
		if (files.isLink(link)) {
			Reading<String> target = files.resolve(link);
			return target.flatMap((t) -> t.equals(base + "/" + name) ? Reading.of(t)
					: Reading.unknown("the vDPA device " + name + " is not this VDUSE device"));
		}
		return Reading.unknown("not on the vDPA bus");
	}

	private static Reading<List<VduseQueue>> queues(HostFiles files, String base) {
		return files.list(base).map((names) -> {
			List<VduseQueue> queues = new ArrayList<>();
			for (String entry : names) {
				Matcher matcher = QUEUE.matcher(entry);
				if (matcher.matches() && files.isDirectory(base + "/" + entry)) {
					queues.add(new VduseQueue(Integer.parseInt(matcher.group(1)),
							files.readValue(base + "/" + entry + "/irq_cb_affinity")));
				}
			}
			queues.sort((a, b) -> Integer.compare(a.index(), b.index()));
			return List.copyOf(queues);
		});
	}

	private static Binding bind(HostFiles files, String vdpa) {
		if (!files.isLink(vdpa + "/driver")) {
			return new Binding(Reading.of(false), Reading.unknown("attached to the vDPA bus but bound to no driver"),
					Reading.unknown("not bound to virtio_vdpa"), ConsumerKind.NONE, List.of());
		}
		Reading<String> driver = files.readLink(vdpa + "/driver").map(VirtioReader::basename);
		List<String> children = files.list(vdpa).orElse(List.of());
		return switch (driver.orElse("")) {
			case "virtio_vdpa" -> virtioBinding(files, vdpa, driver, children);
			case "vhost_vdpa" -> vhostBinding(files, vdpa, driver, children);
			default -> new Binding(Reading.of(true), driver,
					Reading.unknown("bound to " + driver.orElse("?") + ", not virtio_vdpa"), ConsumerKind.NONE,
					List.of());
		};
	}

	private static Binding virtioBinding(HostFiles files, String vdpa, Reading<String> driver, List<String> children) {
		String virtio = children.stream().filter((c) -> VIRTIO.matcher(c).matches()).findFirst().orElse(null);
		if (virtio == null) {
			return new Binding(Reading.of(true), driver,
					Reading.unknown("bound to virtio_vdpa but no virtio device exists below it"), ConsumerKind.NONE,
					List.of());
		}
		VirtioDevice device = VirtioReader.read(files, vdpa, virtio);
		VirtioReader.Consumers consumers = VirtioReader.consumers(files, vdpa + "/" + virtio);
		List<DeviceSysfs.Node> nodes = new ArrayList<>();
		for (String consumer : consumers.names()) {
			String dir = vdpa + "/" + virtio + "/" + consumers.subdirectory() + "/" + consumer;
			nodes.add((consumers.kind() == ConsumerKind.BLOCK_DEVICE) ? charOrBlockNode(files, dir, consumer)
					: new DeviceSysfs.Node(consumer, Reading.unknown("network interfaces have no /dev node"),
							Reading.unknown("network interfaces have no device number")));
		}
		return new Binding(Reading.of(true), driver, Reading.of(device), consumers.kind(), nodes);
	}

	private static Binding vhostBinding(HostFiles files, String vdpa, Reading<String> driver, List<String> children) {
		List<DeviceSysfs.Node> nodes = children.stream()
			.filter((c) -> VHOST.matcher(c).matches())
			.map((c) -> charOrBlockNode(files, vdpa + "/" + c, c))
			.toList();
		return new Binding(Reading.of(true), driver,
				Reading.unknown("bound to vhost_vdpa: the kernel shows no virtio"
						+ " device in sysfs (only the vdpa netlink family does, which the agent does not use)"),
				ConsumerKind.VHOST_VDPA, nodes);
	}

	private static DeviceSysfs.Node charOrBlockNode(HostFiles files, String dir, String name) {
		String devName = files.read(dir + "/uevent")
			.orElse("")
			.lines()
			.filter((l) -> l.startsWith("DEVNAME="))
			.map((l) -> l.substring("DEVNAME=".length()))
			.findFirst()
			.orElse(name);
		return new DeviceSysfs.Node(name, Reading.of("/dev/" + devName), devNumber(files, dir + "/dev"));
	}

	private record Binding(Reading<Boolean> bound, Reading<String> driver, Reading<VirtioDevice> virtio,
			ConsumerKind kind, List<DeviceSysfs.Node> nodes) {

		static Binding notAttached() {
			String reason = "not attached to the vDPA bus";
			return new Binding(Reading.of(false), Reading.unknown(reason), Reading.unknown(reason), ConsumerKind.NONE,
					List.of());
		}

	}

}
