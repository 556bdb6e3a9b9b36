package dev.kfleet.hosts;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.kfleet.hosts.LabelSelector.Requirement;

/**
 * A label selector as SQL conditions on the labels of the host aliased {@code h}: a label
 * equality becomes {@code h.labels @> '{"k":"v"}'} (served by the GIN index); the rest
 * follows Kubernetes semantics ({@code !=} and {@code notin} also match hosts without the
 * key). For the modules that search the {@code host} table (reports, rollouts).
 */
public final class LabelSelectorSql {

	private LabelSelectorSql() {
	}

	/**
	 * One condition per requirement, to be joined with {@code AND}; their values are
	 * added to {@code parameters} as named parameters {@code p<n>}, {@code n} counting on
	 * from the parameters already there.
	 */
	public static List<String> conditions(LabelSelector selector, Map<String, Object> parameters) {
		return selector.requirements().stream().map((requirement) -> condition(requirement, parameters)).toList();
	}

	private static String condition(Requirement requirement, Map<String, Object> parameters) {
		String key = requirement.key();
		List<String> values = requirement.values();
		return switch (requirement.operator()) {
			case EQUALS -> contains(key, values.getFirst(), parameters);
			case NOT_EQUALS -> "NOT " + contains(key, values.getFirst(), parameters);
			case IN ->
				"(" + String.join(" OR ", values.stream().map((value) -> contains(key, value, parameters)).toList())
						+ ")";
			case NOT_IN ->
				"NOT (" + String.join(" OR ", values.stream().map((value) -> contains(key, value, parameters)).toList())
						+ ")";
			case EXISTS -> "jsonb_exists(h.labels, " + bind(key, parameters) + ")";
			case NOT_EXISTS -> "NOT jsonb_exists(h.labels, " + bind(key, parameters) + ")";
		};
	}

	private static String contains(String key, String value, Map<String, Object> parameters) {
		return "h.labels @> CAST(" + bind(jsonObject(key, value), parameters) + " AS jsonb)";
	}

	/** Adds a named parameter {@code p<n>} and returns its placeholder. */
	public static String bind(@Nullable Object value, Map<String, Object> parameters) {
		String name = "p" + parameters.size();
		parameters.put(name, value);
		return ":" + name;
	}

	/**
	 * {"key":"value"}; keys and values are label-validated, so no character needs
	 * escaping.
	 */
	private static String jsonObject(String key, String value) {
		return "{\"" + key + "\":\"" + value + "\"}";
	}

}
