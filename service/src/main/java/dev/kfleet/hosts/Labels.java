package dev.kfleet.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.kfleet.platform.FieldViolation;

/**
 * Label keys and values, validated the way Kubernetes validates them: a key is an
 * optional DNS subdomain prefix and a slash, then a name of at most 63 characters; a
 * value is empty or at most 63 characters. Names and values start and end with an
 * alphanumeric character and may contain {@code - _ .} in between.
 */
final class Labels {

	static final int MAX_LABELS = 64;

	private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

	private static final Pattern DNS_SUBDOMAIN = Pattern
		.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

	private Labels() {
	}

	/** What is wrong with a key, or {@code null} when it is valid. */
	static @Nullable String keyProblem(String key) {
		int slash = key.indexOf('/');
		String name = (slash >= 0) ? key.substring(slash + 1) : key;
		if (slash >= 0) {
			String prefix = key.substring(0, slash);
			if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
				return "the prefix must be a DNS subdomain of at most 253 characters (lower case)";
			}
		}
		if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
			return "the name must be 1 to 63 characters [A-Za-z0-9-_.], starting and ending alphanumeric";
		}
		return null;
	}

	/** What is wrong with a value, or {@code null} when it is valid. */
	static @Nullable String valueProblem(String value) {
		if (value.isEmpty()) {
			return null;
		}
		if (value.length() > 63 || !NAME.matcher(value).matches()) {
			return "must be empty or 1 to 63 characters [A-Za-z0-9-_.], starting and ending alphanumeric";
		}
		return null;
	}

	/** Every problem of a set of labels, each under {@code labels.<key>}. */
	static List<FieldViolation> problems(Map<String, String> labels) {
		List<FieldViolation> problems = new ArrayList<>();
		if (labels.size() > MAX_LABELS) {
			problems.add(new FieldViolation("labels", "at most " + MAX_LABELS + " labels per host"));
		}
		labels.forEach((key, value) -> {
			String keyProblem = keyProblem(key);
			if (keyProblem != null) {
				problems.add(new FieldViolation("labels." + key, "invalid key '" + key + "': " + keyProblem));
			}
			if (value == null) {
				problems.add(new FieldViolation("labels." + key, "must be a string"));
				return;
			}
			String valueProblem = valueProblem(value);
			if (valueProblem != null) {
				problems.add(new FieldViolation("labels." + key, "invalid value '" + value + "': " + valueProblem));
			}
		});
		return problems;
	}

}
