package dev.kfleet.desiredstate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kfleet.platform.FieldViolation;

/**
 * The closed set of actions kfleet asks agents to do, and what their parameters must be.
 * The agent checks them again and refuses anything else.
 */
final class ActionTypes {

	static final String SET_HVO_SWITCH = "hvo.set-switch";

	static final String REBUILD_FREE_PAGES = "hvo.rebuild-free-pages";

	static final String LOAD_VDUSE_MODULES = "vduse.load-modules";

	private ActionTypes() {
	}

	/** What is wrong with the {@code index}th action, if anything. */
	static List<FieldViolation> problems(int index, String type, Map<String, Object> parameters) {
		String at = "actions[" + index + "]";
		List<FieldViolation> problems = new ArrayList<>();
		switch (type) {
			case SET_HVO_SWITCH -> {
				allowOnly(problems, at, parameters, Set.of("enabled", "persist"));
				requireBoolean(problems, at, parameters, "enabled", true);
				requireBoolean(problems, at, parameters, "persist", false);
			}
			case REBUILD_FREE_PAGES -> {
				allowOnly(problems, at, parameters, Set.of("pageSizeBytes"));
				checkSizes(problems, at, parameters.get("pageSizeBytes"));
			}
			case LOAD_VDUSE_MODULES -> {
				allowOnly(problems, at, parameters, Set.of("persist"));
				requireBoolean(problems, at, parameters, "persist", false);
			}
			default -> problems.add(new FieldViolation(at + ".type", "unknown action '" + type + "'; known: "
					+ SET_HVO_SWITCH + ", " + REBUILD_FREE_PAGES + ", " + LOAD_VDUSE_MODULES));
		}
		return problems;
	}

	private static void allowOnly(List<FieldViolation> problems, String at, Map<String, Object> parameters,
			Set<String> known) {
		parameters.keySet()
			.stream()
			.filter((name) -> !known.contains(name))
			.forEach((name) -> problems
				.add(new FieldViolation(at + ".parameters." + name, "unknown parameter; known: " + known)));
	}

	private static void requireBoolean(List<FieldViolation> problems, String at, Map<String, Object> parameters,
			String name, boolean required) {
		Object value = parameters.get(name);
		if ((value == null && required) || (value != null && !(value instanceof Boolean))) {
			problems.add(new FieldViolation(at + ".parameters." + name, "must be true or false"));
		}
	}

	private static void checkSizes(List<FieldViolation> problems, String at, Object sizes) {
		if (sizes == null) {
			return;
		}
		boolean valid = sizes instanceof List<?> list && !list.isEmpty() && list.size() <= 16
				&& list.stream().allMatch(ActionTypes::isPageSize);
		if (!valid) {
			problems.add(new FieldViolation(at + ".parameters.pageSizeBytes",
					"must be a list of 1 to 16 huge page sizes in bytes (powers of two)"));
		}
	}

	/**
	 * A power of two that is a whole JSON number within int64 (no fraction, no bigger).
	 */
	private static boolean isPageSize(Object size) {
		return (size instanceof Integer || size instanceof Long) && ((Number) size).longValue() > 0
				&& Long.bitCount(((Number) size).longValue()) == 1;
	}

}
