package dev.kfleet.hosts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.FieldViolation;

/**
 * A JSON merge patch (RFC 7396) of a host: {@code {"labels": {"env": "prod", "canary":
 * null}}} sets {@code env}, removes {@code canary} and leaves the other labels alone;
 * {@code {"labels": null}} removes every label. Only {@code labels} may be patched.
 *
 * @param clearAll whether every label is removed first
 * @param changes the labels to set (a value) or remove ({@code null})
 */
record LabelPatch(boolean clearAll, Map<String, @Nullable String> changes) {

	static LabelPatch from(JsonNode body) {
		if (!body.isObject()) {
			throw ApiException.invalid("body", "a merge patch of a host must be a JSON object");
		}
		List<FieldViolation> problems = new ArrayList<>();
		for (String field : body.propertyNames()) {
			if (!"labels".equals(field)) {
				problems.add(new FieldViolation(field, "cannot be patched; only labels can"));
			}
		}
		JsonNode labels = body.get("labels");
		if (labels == null || labels.isNull()) {
			throwIfAny(problems);
			return new LabelPatch(labels != null, Map.of());
		}
		if (!labels.isObject()) {
			problems.add(new FieldViolation("labels", "must be an object or null"));
			throw ApiException.invalid(problems);
		}
		Map<String, @Nullable String> changes = new HashMap<>();
		for (Map.Entry<String, JsonNode> label : labels.properties()) {
			JsonNode value = label.getValue();
			if (value.isNull()) {
				changes.put(label.getKey(), null);
			}
			else if (value.isString()) {
				changes.put(label.getKey(), value.stringValue());
			}
			else {
				problems.add(new FieldViolation("labels." + label.getKey(), "must be a string or null"));
			}
		}
		throwIfAny(problems);
		return new LabelPatch(false, changes);
	}

	/** The labels after this patch is applied to {@code labels}. */
	Map<String, String> applyTo(Map<String, String> labels) {
		Map<String, String> result = new HashMap<>(this.clearAll ? Map.of() : labels);
		this.changes.forEach((key, value) -> {
			if (value == null) {
				result.remove(key);
			}
			else {
				result.put(key, value);
			}
		});
		return result;
	}

	private static void throwIfAny(List<FieldViolation> problems) {
		if (!problems.isEmpty()) {
			throw ApiException.invalid(problems);
		}
	}

}
