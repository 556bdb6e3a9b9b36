package dev.kfleet.contract;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Reading the contract's schemas: following {@code $ref}s and telling which JSON types a
 * schema allows.
 */
final class Schemas {

	private Schemas() {
	}

	/**
	 * The node a {@code $ref} leads to (through any chain of them), or the node itself.
	 */
	static JsonNode resolve(JsonNode document, JsonNode node) {
		JsonNode current = node;
		while (current.has("$ref")) {
			current = document.at(current.get("$ref").stringValue().substring(1));
		}
		return current;
	}

	/**
	 * The JSON types a schema allows ({@code string}, {@code integer}, …, {@code null});
	 * for {@code anyOf}/{@code oneOf}, those of every branch.
	 */
	static List<String> types(JsonNode document, JsonNode schema) {
		List<String> types = new ArrayList<>();
		JsonNode type = schema.get("type");
		if (type != null && type.isArray()) {
			type.forEach((t) -> types.add(t.stringValue()));
		}
		else if (type != null) {
			types.add(type.stringValue());
		}
		for (String combinator : List.of("anyOf", "oneOf")) {
			for (JsonNode branch : schema.path(combinator)) {
				types.addAll(types(document, resolve(document, branch)));
			}
		}
		if (types.isEmpty() && (schema.has("properties") || schema.has("additionalProperties"))) {
			types.add("object");
		}
		return types;
	}

	/** The first branch of an {@code anyOf}/{@code oneOf} that is not {@code null}. */
	static JsonNode nonNull(JsonNode document, JsonNode schema) {
		for (String combinator : List.of("anyOf", "oneOf")) {
			for (JsonNode branch : schema.path(combinator)) {
				JsonNode resolved = resolve(document, branch);
				if (!"null".equals(resolved.path("type").stringValue(""))) {
					return nonNull(document, resolved);
				}
			}
		}
		return schema;
	}

}
