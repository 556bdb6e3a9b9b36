package dev.kfleet.hosts;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Request bodies for hosts, unique per call so that tests sharing a database never
 * collide.
 */
public final class HostFixtures {

	private HostFixtures() {
	}

	static String uniqueMachineId() {
		return "m-" + UUID.randomUUID();
	}

	public static String uniqueRun() {
		return "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
	}

	static String registration(String machineId, String hostname, String kernelRelease, Map<String, String> labels) {
		String labelJson = labels.entrySet()
			.stream()
			.map((label) -> "\"" + label.getKey() + "\":\"" + label.getValue() + "\"")
			.collect(Collectors.joining(",", "{", "}"));
		return """
				{"machineId":"%s","hostname":"%s","kernelRelease":"%s","labels":%s}""".formatted(machineId, hostname,
				kernelRelease, labelJson);
	}

}
