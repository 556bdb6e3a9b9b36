package dev.kfleet.agent.vduse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.kernel.KernelFacts;
import dev.kfleet.agent.report.ConsumerNode;
import dev.kfleet.agent.report.DeviceConsumer;
import dev.kfleet.agent.report.KernelModule;
import dev.kfleet.agent.report.ProcessRef;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.VduseDevice;
import dev.kfleet.agent.report.VduseReport;
import dev.kfleet.agent.report.VirtioDevice;

/**
 * Collects the VDUSE section of the report. The {@code /proc/*}{@code /fd} scan runs only
 * when VDUSE devices exist, and once per collection.
 */
public final class VduseCollector {

	/**
	 * Collects the VDUSE section.
	 * @param files the host's files
	 * @param kernel the kernel facts
	 * @return the section; never throws
	 */
	public VduseReport collect(HostFiles files, KernelFacts kernel) {
		List<KernelModule> modules = ModulesReader.read(files, kernel.config());
		boolean loaded = files.isDirectory(VduseDeviceReader.CLASS);
		VduseSupport support = VduseSupport.assess(loaded, kernel);
		if (!loaded) {
			return new VduseReport(support.supported(), support.reason(), false, modules, Reading.of(List.of()),
					Reading.unknown("not needed: no VDUSE device"));
		}
		Reading<List<String>> names = files.list(VduseDeviceReader.CLASS)
			.map((list) -> list.stream().filter((n) -> !n.equals("control")).toList());
		if (!names.isKnown()) {
			String reason = names.unknownReason().orElseThrow();
			return new VduseReport(support.supported(), support.reason(), true, modules, Reading.unknown(reason),
					Reading.unknown(reason));
		}
		List<DeviceSysfs> sysfs = names.orElseThrow().stream().map((n) -> VduseDeviceReader.read(files, n)).toList();
		if (sysfs.isEmpty()) {
			return new VduseReport(support.supported(), support.reason(), true, modules, Reading.of(List.of()),
					Reading.unknown("not needed: no VDUSE device"));
		}
		Reading<ProcessIndex> index = ProcessIndex.scan(files, nodes(sysfs));
		List<VduseDevice> devices = new ArrayList<>();
		for (DeviceSysfs device : sysfs) {
			devices.add(device(device, index));
		}
		return new VduseReport(support.supported(), support.reason(), true, modules, Reading.of(List.copyOf(devices)),
				index.map(ProcessIndex::summary));
	}

	private static Set<String> nodes(List<DeviceSysfs> devices) {
		Set<String> nodes = new LinkedHashSet<>();
		for (DeviceSysfs device : devices) {
			nodes.add(device.vduseNode());
			device.nodes().forEach((node) -> node.path().map(nodes::add));
		}
		return nodes;
	}

	private static VduseDevice device(DeviceSysfs device, Reading<ProcessIndex> index) {
		Reading<List<ProcessRef>> backends = holders(index, device.vduseNode());
		List<ConsumerNode> nodes = device.nodes()
			.stream()
			.map((node) -> new ConsumerNode(node.name(), node.path(), node.devNumber(),
					node.path().flatMap((path) -> holders(index, path))))
			.toList();
		Reading<String> type = device.virtio().flatMap(VirtioDevice::deviceId).map(VirtioIds::typeName);
		return new VduseDevice(device.name(), device.devNumber(), device.queues().map(List::size),
				device.queues().orElse(List.of()), device.msgTimeoutSeconds(), device.bounceSizeBytes(),
				device.attached(), device.bound(), device.driver(), type, device.virtio(),
				new DeviceConsumer(device.consumerKind(), nodes), backends,
				HealthAssessor.assess(device, backends, nodes));
	}

	private static Reading<List<ProcessRef>> holders(Reading<ProcessIndex> index, String node) {
		return index.flatMap((i) -> i.holders(node));
	}

}
