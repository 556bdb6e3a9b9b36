package dev.kfleet.observations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a {@code HostReport} (validated against {@code openapi.yaml} before it
 * gets here) that the service stores in columns.
 *
 * @param kernelRelease the running kernel's release
 * @param state the observed state
 * @param devices the VDUSE devices, by name
 */
record ReportDigest(@Nullable String kernelRelease, ObservedState state, List<VduseDeviceState> devices) {

	static ReportDigest of(JsonNode report, Instant receivedAt) {
		JsonNode hvo = report.path("hvo");
		JsonNode savings = hvo.path("savings");
		Boolean supported = bool(hvo.path("support").path("supported"));
		Boolean switchOn = bool(hvo.path("switchOn"));
		List<VduseDeviceState> devices = devices(report.path("vduse").path("devices"));
		ObservedState state = new ObservedState(receivedAt, hvoState(supported, switchOn), supported, switchOn,
				number(savings.path("reclaimedBytes")), number(savings.path("reclaimableBytes")),
				number(savings.path("additionalBytes")), pools(hvo.path("pools")),
				bool(report.path("vduse").path("supported")), devices.size(), bool(hvo.path("switchPersisted")),
				modulesLoaded(report.path("vduse").path("modules")), facts(report));
		return new ReportDigest(text(report.path("kernel").path("release")), state, devices);
	}

	/** The facts the fleet's reports group by (ADR 0041). */
	static ObservedState.Facts facts(JsonNode report) {
		JsonNode hvo = report.path("hvo");
		List<String> blocking = new ArrayList<>();
		for (JsonNode limit : hvo.path("support").path("limits")) {
			if (limit.path("blocking").asBoolean(false) && limit.path("code").isString()) {
				blocking.add(limit.path("code").stringValue());
			}
		}
		List<String> modules = new ArrayList<>();
		for (JsonNode module : report.path("vduse").path("modules")) {
			String state = text(module.path("state"));
			modules.add(module.path("name").asString("") + "=" + ((state != null) ? state : "unknown"));
		}
		blocking.sort(null);
		modules.sort(null);
		return new ObservedState.Facts(installedMemory(hvo.path("memmap")), numaNodes(hvo.path("pools")), blocking,
				text(report.path("vduse").path("supportReason")), modules);
	}

	/**
	 * The memory the kernel's memory blocks hold; null when a figure is unknown or the
	 * product does not fit a {@code long}.
	 */
	private static @Nullable Long installedMemory(JsonNode memmap) {
		Long blocks = number(memmap.path("memoryBlocks"));
		Long size = number(memmap.path("memoryBlockSizeBytes"));
		if (blocks == null || size == null) {
			return null;
		}
		try {
			return Math.multiplyExact(blocks, size);
		}
		catch (ArithmeticException ex) {
			return null;
		}
	}

	/** The distinct NUMA nodes the pools list; null when none lists a node. */
	private static @Nullable Integer numaNodes(JsonNode pools) {
		Set<Long> nodes = new HashSet<>();
		for (JsonNode pool : pools) {
			for (JsonNode node : pool.path("nodes")) {
				Long id = number(node.path("node"));
				if (id != null) {
					nodes.add(id);
				}
			}
		}
		return nodes.isEmpty() ? null : nodes.size();
	}

	static String hvoState(@Nullable Boolean supported, @Nullable Boolean switchOn) {
		if (Boolean.FALSE.equals(supported)) {
			return "unsupported";
		}
		if (supported == null || switchOn == null) {
			return "unknown";
		}
		return switchOn ? "on" : "off";
	}

	/**
	 * Whether every VDUSE module is in the kernel: true when all are {@code loaded} or
	 * {@code builtin}, false when one is {@code not-loaded} or {@code not-built},
	 * otherwise (a state unknown, no module listed) null.
	 */
	static @Nullable Boolean modulesLoaded(JsonNode modules) {
		boolean unknown = modules.isEmpty();
		for (JsonNode module : modules) {
			String state = text(module.path("state"));
			if ("not-loaded".equals(state) || "not-built".equals(state)) {
				return false;
			}
			unknown |= !"loaded".equals(state) && !"builtin".equals(state);
		}
		return unknown ? null : true;
	}

	private static List<ObservedState.Pool> pools(JsonNode pools) {
		List<ObservedState.Pool> result = new ArrayList<>();
		for (JsonNode pool : pools) {
			result.add(new ObservedState.Pool(pool.path("pageSizeBytes").longValue(), number(pool.path("total")),
					number(pool.path("free"))));
		}
		result.sort(Comparator.comparingLong(ObservedState.Pool::pageSizeBytes));
		return result;
	}

	private static List<VduseDeviceState> devices(JsonNode devices) {
		List<VduseDeviceState> result = new ArrayList<>();
		for (JsonNode device : devices) {
			JsonNode backends = device.path("backends");
			JsonNode backend = backends.path(0);
			Long queues = number(device.path("queueCount"));
			Long pid = number(backend.path("pid"));
			result.add(new VduseDeviceState(device.path("name").stringValue(), bool(device.path("attached")),
					text(device.path("driver")), text(device.path("type")), (queues != null) ? queues.intValue() : null,
					device.path("health").path("verdict").stringValue(),
					device.path("health").path("reason").stringValue(), (pid != null) ? pid.intValue() : null,
					command(backend), consumer(device.path("consumer")), backends.isArray() ? backends.isEmpty() : null,
					text(device.path("consumer").path("kind"))));
		}
		result.sort(Comparator.comparing(VduseDeviceState::name));
		return result;
	}

	private static @Nullable String command(JsonNode process) {
		String cmdline = text(process.path("cmdline"));
		return (cmdline != null) ? cmdline : text(process.path("comm"));
	}

	private static @Nullable String consumer(JsonNode consumer) {
		JsonNode node = consumer.path("nodes").path(0);
		if (node.isMissingNode()) {
			return null;
		}
		String path = text(node.path("path"));
		return (path != null) ? path : text(node.path("name"));
	}

	private static @Nullable Boolean bool(JsonNode node) {
		return node.isBoolean() ? node.booleanValue() : null;
	}

	private static @Nullable Long number(JsonNode node) {
		return node.isIntegralNumber() ? node.longValue() : null;
	}

	private static @Nullable String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

}
