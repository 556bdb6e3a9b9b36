package dev.kfleet.agent.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The machine id and host name the agent enrolls with: {@code /etc/machine-id} under the
 * root (the id systemd keeps for the machine's life), else the id kept in the state file,
 * else a new random one (then a lost state file makes a new host; the log says so).
 */
final class HostIdentity {

	private static final Pattern MACHINE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

	private HostIdentity() {
	}

	static Optional<String> machineId(Path root) {
		return read(root.resolve("etc/machine-id")).filter((id) -> MACHINE_ID.matcher(id).matches());
	}

	static String generatedMachineId() {
		return "kfleet-" + UUID.randomUUID();
	}

	static String hostname(Path root) {
		Optional<String> name = read(root.resolve("proc/sys/kernel/hostname"))
			.or(() -> read(root.resolve("etc/hostname")));
		if (name.isPresent() && !name.get().isEmpty()) {
			return clip(name.get());
		}
		try {
			return clip(InetAddress.getLocalHost().getHostName());
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String clip(String name) {
		return (name.length() > 253) ? name.substring(0, 253) : name;
	}

	private static Optional<String> read(Path file) {
		try {
			return Optional.of(Files.readString(file).strip());
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
