package dev.kfleet.agent.cli;

import java.util.List;
import java.util.stream.Collectors;

import dev.kfleet.agent.report.ConsumerNode;
import dev.kfleet.agent.report.ProcessRef;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.report.VduseDevice;
import dev.kfleet.agent.report.VduseReport;

/**
 * The VDUSE line of the summary, such as
 * {@code 2 VDUSE devices: vduse0 block on virtio_vdpa (vda), backend pid 412, healthy}.
 */
final class VduseSummary {

	private VduseSummary() {
	}

	static String of(VduseReport vduse) {
		if (!vduse.devices().isKnown()) {
			return "VDUSE devices unknown: " + vduse.devices().unknownReason().orElseThrow();
		}
		List<VduseDevice> devices = vduse.devices().orElseThrow();
		if (devices.isEmpty()) {
			String verdict = vduse.supported().map((s) -> s ? "supported" : "unsupported").orElse("support unknown");
			return "VDUSE " + verdict + ", no devices: " + vduse.supportReason();
		}
		return Summary.plural(devices, "VDUSE device") + ": "
				+ devices.stream().map(VduseSummary::device).collect(Collectors.joining("; "));
	}

	private static String device(VduseDevice device) {
		String type = device.type().orElse("type unknown");
		String binding = device.attached().orElse(false) ? device.driver().map((d) -> "on " + d).orElse("unbound")
				: "not attached";
		String nodes = device.consumer().nodes().stream().map(VduseSummary::node).collect(Collectors.joining(", "));
		String backend = device.backends()
			.map((list) -> list.isEmpty() ? "no backend" : "backend " + pids(list))
			.orElse("backend unknown");
		return device.name() + " " + type + " " + binding + (nodes.isEmpty() ? "" : " (" + nodes + ")") + ", " + backend
				+ ", " + ReportJson.jsonName(device.health().verdict());
	}

	private static String node(ConsumerNode node) {
		if (!node.name().startsWith("vhost-vdpa")) {
			return node.name();
		}
		String holders = node.holders()
			.map((list) -> list.isEmpty() ? "no VM" : "held by " + pids(list))
			.orElse("holder unknown");
		return node.path().orElse(node.name()) + ", " + holders;
	}

	private static String pids(List<ProcessRef> processes) {
		return processes.stream().map((p) -> "pid " + p.pid()).collect(Collectors.joining(", "));
	}

}
