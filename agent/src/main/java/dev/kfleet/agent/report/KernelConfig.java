package dev.kfleet.agent.report;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel configuration options that matter to kfleet, as the configuration file sets
 * them.
 *
 * @param source the host path the configuration was read from
 * @param options each relevant option present in the file, sorted by name, with its value
 * ({@code y}, {@code m}, {@code n} for "is not set", or the literal value); an option
 * missing from the map does not exist in this kernel's configuration
 */
public record KernelConfig(@MaxLength(256) String source, @MaxLength(256) Map<String, String> options) {

	public KernelConfig {
		options = Collections.unmodifiableMap(new TreeMap<>(options));
	}

	/**
	 * Returns the value of an option.
	 * @param name the option name, with its {@code CONFIG_} prefix
	 * @return the value, or {@code "n"} when the option is not set or absent
	 */
	public String value(String name) {
		return this.options.getOrDefault(name, "n");
	}

	/**
	 * Tells whether an option is built in or built as a module.
	 * @param name the option name
	 * @return whether its value is {@code y} or {@code m}
	 */
	public boolean enabled(String name) {
		String value = value(name);
		return value.equals("y") || value.equals("m");
	}

}
