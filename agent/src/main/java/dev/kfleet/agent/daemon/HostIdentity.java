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

	/**
	 * Returns the host name to enroll with: the kernel's, else {@code /etc/hostname},
	 * else the resolver's, each only if the contract takes it (1 to 253 characters, no
	 * control character); cut to 253 characters.
	 */
	static String hostname(Path root) {
		return read(root.resolve("proc/sys/kernel/hostname")).filter(HostIdentity::isName)
			.or(() -> read(root.resolve("etc/hostname")).filter(HostIdentity::isName))
			.or(HostIdentity::resolverName)
			.map(HostIdentity::clip)
			.orElse("unknown");
	}

	/**
	 * Tells whether a text is a name the contract takes (a host name before cutting, a
	 * kernel release): not empty, no control character.
	 * @param name the text
	 * @return whether it is one
	 */
	static boolean isName(String name) {
		return !name.isEmpty() && name.chars().noneMatch((c) -> c < 0x20 || c == 0x7f);
	}

	private static Optional<String> resolverName() {
		try {
			return Optional.of(InetAddress.getLocalHost().getHostName()).filter(HostIdentity::isName);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static String clip(String name) {
		return (name.codePointCount(0, name.length()) > 253) ? name.substring(0, name.offsetByCodePoints(0, 253))
				: name;
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
