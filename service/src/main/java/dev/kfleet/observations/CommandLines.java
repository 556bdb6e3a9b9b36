package dev.kfleet.observations;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.Role;

/**
 * Command lines can hold secrets (a password on a kernel parameter, a token in a back
 * end's arguments), so only operators and admins read them. A viewer gets the report with
 * {@code kernel.commandLine} and every process's {@code cmdline} null, each with its
 * reason in the {@code unknown} object beside it, as the contract wants of every null
 * member; and of a VDUSE back end's command only the program's name.
 */
final class CommandLines {

	static final String HIDDEN = "hidden: needs the operator role";

	private CommandLines() {
	}

	/** Whether this caller reads command lines as they were reported. */
	static boolean visibleTo(ApiPrincipal caller) {
		return caller.role().compareTo(Role.OPERATOR) >= 0;
	}

	/**
	 * A copy of a report without command lines: the kernel's, and that of every process
	 * (an object with {@code pid} and {@code cmdline}, wherever it is in the report).
	 */
	static JsonNode hiddenIn(JsonNode report) {
		JsonNode copy = report.deepCopy();
		if (copy.path("kernel") instanceof ObjectNode kernel) {
			hide(kernel, "commandLine");
		}
		hideProcesses(copy);
		return copy;
	}

	/**
	 * The program's name in a command line: the last path element of its first word
	 * ({@code qemu-storage-daemon} of {@code /usr/bin/qemu-storage-daemon --blockdev …}).
	 */
	static @Nullable String programName(@Nullable String command) {
		if (command == null) {
			return null;
		}
		String trimmed = command.strip();
		int space = indexOfWhitespace(trimmed);
		String first = (space >= 0) ? trimmed.substring(0, space) : trimmed;
		return first.substring(first.lastIndexOf('/') + 1);
	}

	private static void hideProcesses(JsonNode node) {
		if (node instanceof ObjectNode object && object.has("pid") && object.has("cmdline")) {
			hide(object, "cmdline");
		}
		if (node.isContainer()) {
			node.valueStream().forEach(CommandLines::hideProcesses);
		}
	}

	/**
	 * Sets a member to null with the reason; a member already null keeps its own reason
	 * (it hides nothing).
	 */
	private static void hide(ObjectNode object, String member) {
		JsonNode value = object.get(member);
		if (value == null || value.isNull()) {
			return;
		}
		object.putNull(member);
		ObjectNode unknown = (object.get("unknown") instanceof ObjectNode reasons) ? reasons
				: object.putObject("unknown");
		unknown.put(member, HIDDEN);
	}

	private static int indexOfWhitespace(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (Character.isWhitespace(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

}
