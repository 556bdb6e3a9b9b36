package dev.kfleet.agent.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict reads of an action's parameters: unknown names and wrong types are refused.
 */
final class Parameters {

	private final Map<String, Object> values;

	private Parameters(Map<String, Object> values) {
		this.values = values;
	}

	static Parameters of(Map<String, Object> values, Set<String> known) throws BadParametersException {
		for (String name : values.keySet()) {
			if (!known.contains(name)) {
				throw new BadParametersException("unknown parameter \"" + name + "\" (this agent knows " + known + ")");
			}
		}
		return new Parameters(values);
	}

	Optional<Boolean> bool(String name) throws BadParametersException {
		Object value = this.values.get(name);
		if (value == null) {
			return Optional.empty();
		}
		if (value instanceof Boolean b) {
			return Optional.of(b);
		}
		throw new BadParametersException("\"" + name + "\" must be true or false, not " + value);
	}

	Optional<List<Long>> positiveIntegers(String name) throws BadParametersException {
		Object value = this.values.get(name);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof List<?> items) || items.isEmpty()) {
			throw new BadParametersException("\"" + name + "\" must be a non-empty array of positive integers");
		}
		List<Long> numbers = new ArrayList<>();
		for (Object item : items) {
			if (!(item instanceof Long number) || number <= 0) {
				throw new BadParametersException("\"" + name + "\" holds " + item + ", not a positive integer");
			}
			if (!numbers.contains(number)) {
				numbers.add(number);
			}
		}
		return Optional.of(List.copyOf(numbers));
	}

}
