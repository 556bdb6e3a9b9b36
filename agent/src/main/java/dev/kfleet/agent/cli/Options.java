package dev.kfleet.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options after a subcommand: {@code --name value}, {@code --name=value} or a flag
 * {@code --name}. Each subcommand says which options it takes.
 */
final class Options {

	private final Map<String, String> values;

	private Options(Map<String, String> values) {
		this.values = values;
	}

	static Options parse(List<String> args, Set<String> flags, Set<String> valued) throws UsageException {
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			if (!arg.startsWith("--")) {
				throw new UsageException("unexpected argument '" + arg + "'");
			}
			int equals = arg.indexOf('=');
			String name = (equals < 0) ? arg.substring(2) : arg.substring(2, equals);
			if (flags.contains(name) && equals < 0) {
				values.put(name, "true");
			}
			else if (valued.contains(name)) {
				if (equals < 0 && i + 1 >= args.size()) {
					throw new UsageException("--" + name + " needs a value");
				}
				values.put(name, (equals < 0) ? args.get(++i) : arg.substring(equals + 1));
			}
			else {
				throw new UsageException("unknown option '" + arg + "'");
			}
		}
		return new Options(values);
	}

	boolean has(String name) {
		return this.values.containsKey(name);
	}

	java.util.Optional<String> value(String name) {
		return java.util.Optional.ofNullable(this.values.get(name));
	}

	boolean flag(String name) {
		return this.values.containsKey(name);
	}

	/**
	 * Returns the root directory: {@code --root}, else {@code KFLEET_AGENT_ROOT}, else
	 * {@code /}.
	 * @param environment the environment
	 * @return the root
	 * @throws UsageException if it is not a directory
	 */
	Path root(Map<String, String> environment) throws UsageException {
		String root = this.values.getOrDefault("root", environment.getOrDefault("KFLEET_AGENT_ROOT", "/"));
		Path path = Path.of(System.getProperty("kfleet.agent.cwd", "")).resolve(root);
		if (!Files.isDirectory(path)) {
			throw new UsageException("the root '" + root + "' is not a directory");
		}
		return path;
	}

	long positive(String name, long defaultValue) throws UsageException {
		String value = this.values.get(name);
		if (value == null) {
			return defaultValue;
		}
		try {
			long number = Long.parseLong(value);
			if (number > 0) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new UsageException("--" + name + " needs a positive whole number, not '" + value + "'");
	}

}
