package dev.kfleet.contract;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.kfleet.OpenApiContract;

/**
 * Valid values made from the contract's schemas: the example where there is one, else the
 * first enum value, a value of the pattern, the bounds… Every required member is there;
 * optional members are left out unless a seed provides them or (when {@code full}) they
 * are objects or arrays, which then get an element, so that what lies inside them is
 * reached too. Values that must differ from one request to the next (machine ids) do.
 */
final class Samples {

	static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String SCHEMAS = "#/components/schemas/";

	private static final AtomicLong COUNTER = new AtomicLong(System.nanoTime() % 1_000_000_000L);

	/** Values for the patterns of the contract that a sample must match. */
	private static final Map<String, Supplier<String>> PATTERNS = Map.of("^[A-Za-z0-9][A-Za-z0-9._:-]*$",
			() -> "m-fuzz-" + COUNTER.incrementAndGet(), "^[^\\x00-\\x1f\\x7f]+$", () -> "fuzz",
			"^[^\\x00-\\x1f\\x7f]*$", () -> "6.18.44", "^[0-9a-f]{64}$", () -> "a".repeat(64), "^[A-Za-z0-9_-]+$",
			() -> "k".repeat(43) + COUNTER.incrementAndGet(), "^[a-z][a-z0-9.-]*$", () -> "host.registered");

	private final JsonNode document = OpenApiContract.get().document();

	private final Map<String, Supplier<JsonNode>> seeds;

	private final boolean full;

	/**
	 * @param seeds valid documents of whole schemas the contract cannot describe a sample
	 * of (a host report), by the schema's name
	 * @param full whether optional objects and arrays are filled in
	 */
	Samples(Map<String, Supplier<JsonNode>> seeds, boolean full) {
		this.seeds = seeds;
		this.full = full;
	}

	/** A valid value of the schema (a {@code $ref} or the schema itself). */
	JsonNode of(JsonNode schema) {
		if (seeded(schema)) {
			return this.seeds.get(schema.get("$ref").stringValue().substring(SCHEMAS.length())).get();
		}
		JsonNode resolved = Schemas.nonNull(this.document, Schemas.resolve(this.document, schema));
		if (resolved.has("example")) {
			return resolved.get("example").deepCopy();
		}
		if (resolved.has("const")) {
			return resolved.get("const").deepCopy();
		}
		if (resolved.has("enum")) {
			return resolved.get("enum").get(0).deepCopy();
		}
		String type = Schemas.types(this.document, resolved)
			.stream()
			.filter((t) -> !"null".equals(t))
			.findFirst()
			.orElse("object");
		return switch (type) {
			case "string" -> NODES.stringNode(string(resolved));
			case "integer", "number" -> NODES.numberNode(integer(resolved));
			case "boolean" -> NODES.booleanNode(true);
			case "array" -> array(resolved);
			default -> object(resolved);
		};
	}

	private String string(JsonNode schema) {
		String format = schema.path("format").asString("");
		if ("uuid".equals(format)) {
			return UUID.randomUUID().toString();
		}
		if ("date-time".equals(format)) {
			return "2030-01-01T00:00:00Z";
		}
		if (schema.has("pattern")) {
			Supplier<String> sample = PATTERNS.get(schema.get("pattern").stringValue());
			if (sample != null) {
				return sample.get();
			}
		}
		return "fuzz".repeat(Math.max(1, schema.path("minLength").asInt(1)));
	}

	private static long integer(JsonNode schema) {
		long minimum = schema.path("minimum").asLong(1);
		long maximum = schema.path("maximum").asLong(Long.MAX_VALUE);
		return (Math.max(1, minimum) <= maximum) ? Math.max(1, minimum) : minimum;
	}

	private ArrayNode array(JsonNode schema) {
		ArrayNode array = NODES.arrayNode();
		int items = schema.path("minItems").asInt(0);
		if (this.full) {
			items = Math.min(Math.max(1, items), schema.path("maxItems").asInt(Integer.MAX_VALUE));
		}
		for (int i = 0; i < items; i++) {
			array.add(of(schema.get("items")));
		}
		return array;
	}

	private ObjectNode object(JsonNode schema) {
		ObjectNode object = NODES.objectNode();
		JsonNode properties = schema.path("properties");
		for (JsonNode required : schema.path("required")) {
			object.set(required.stringValue(), of(properties.get(required.stringValue())));
		}
		for (String name : properties.propertyNames()) {
			JsonNode property = properties.get(name);
			if (!object.has(name) && (seeded(property) || (this.full && structured(property)))) {
				object.set(name, of(property));
			}
		}
		if (object.isEmpty() && schema.path("minProperties").asInt(0) > 0) {
			object.set("fuzz", of(schema.get("additionalProperties")));
		}
		return object;
	}

	private boolean seeded(JsonNode schema) {
		return schema.has("$ref")
				&& this.seeds.containsKey(schema.get("$ref").stringValue().substring(SCHEMAS.length()));
	}

	private boolean structured(JsonNode property) {
		List<String> types = Schemas.types(this.document, Schemas.resolve(this.document, property));
		return types.contains("object") || types.contains("array");
	}

}
