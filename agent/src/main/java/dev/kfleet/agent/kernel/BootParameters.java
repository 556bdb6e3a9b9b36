package dev.kfleet.agent.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parameters of a kernel command line, in order. Like the kernel's
 * {@code parse_args}: words are separated by spaces, double quotes group spaces into a
 * value, dashes and underscores in names are the same, and everything after a lone
 * {@code --} belongs to init.
 */
public final class BootParameters {

	private final List<Parameter> parameters;

	private BootParameters(List<Parameter> parameters) {
		this.parameters = List.copyOf(parameters);
	}

	/**
	 * Parses a command line.
	 * @param commandLine the text of {@code /proc/cmdline}
	 * @return the parameters
	 */
	public static BootParameters parse(String commandLine) {
		List<Parameter> parameters = new ArrayList<>();
		for (String word : words(commandLine)) {
			if (word.equals("--")) {
				break;
			}
			int equals = word.indexOf('=');
			String name = (equals < 0) ? word : word.substring(0, equals);
			String value = (equals < 0) ? null : unquote(word.substring(equals + 1));
			parameters.add(new Parameter(normalize(unquote(name)), value));
		}
		return new BootParameters(parameters);
	}

	/**
	 * Returns the value of the last occurrence of a parameter: for early parameters the
	 * kernel applies each occurrence in turn, so the last one wins.
	 * @param name the parameter name
	 * @return the value; empty if the parameter is absent; a parameter given without
	 * {@code =} has the value {@code ""}
	 */
	public Optional<String> last(String name) {
		String wanted = normalize(name);
		Optional<String> result = Optional.empty();
		for (Parameter parameter : this.parameters) {
			if (parameter.name.equals(wanted)) {
				result = Optional.of((parameter.value != null) ? parameter.value : "");
			}
		}
		return result;
	}

	/**
	 * Returns every parameter in order.
	 * @return the parameters
	 */
	public List<Parameter> all() {
		return this.parameters;
	}

	private static List<String> words(String commandLine) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < commandLine.length(); i++) {
			char c = commandLine.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			if (!quoted && Character.isWhitespace(c)) {
				if (!word.isEmpty()) {
					words.add(word.toString());
					word.setLength(0);
				}
			}
			else {
				word.append(c);
			}
		}
		if (!word.isEmpty()) {
			words.add(word.toString());
		}
		return words;
	}

	private static String unquote(String text) {
		return text.replace("\"", "");
	}

	private static String normalize(String name) {
		return name.replace('-', '_');
	}

	/**
	 * One parameter.
	 *
	 * @param name the name, with dashes turned into underscores
	 * @param value the value after {@code =}, or {@code null} if there was no {@code =}
	 */
	public record Parameter(String name, String value) {
	}

}
