package dev.kfleet.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.kfleet.OpenApiContract;

/**
 * The hostile variants of a valid body: at every member and element, recursively through
 * the {@code $ref}s of its schema (and at every member the schema declares but the body
 * leaves out), a hostile value in its place; every required member left out; an unknown
 * member, a member named twice. Each variant is the body's JSON text with one change.
 */
final class BodyMutations {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Stands for the raw text of the change until the body is written. */
	private static final String MARK = "\u0007fuzz\u0007";

	private static final String WRITTEN_MARK = "\"\\u0007fuzz\\u0007\"";

	private final JsonNode document = OpenApiContract.get().document();

	private final Random random;

	private final int perPlace;

	/**
	 * @param random chooses which hostile values a place gets when it has more than
	 * {@code perPlace}
	 */
	BodyMutations(Random random, int perPlace) {
		this.random = random;
		this.perPlace = perPlace;
	}

	/** A change to a body: where (members and indexes) and what goes there. */
	record Mutation(List<Object> at, String label, String raw) {

		static final String REMOVE = "\u0000remove";

		/** The body's text with this change made. */
		String apply(JsonNode body) {
			JsonNode copy = body.deepCopy();
			if (this.at.isEmpty()) {
				return this.raw;
			}
			JsonNode parent = copy;
			for (Object step : this.at.subList(0, this.at.size() - 1)) {
				parent = (step instanceof Integer index) ? parent.get(index) : parent.get((String) step);
			}
			Object last = this.at.getLast();
			if (REMOVE.equals(this.raw)) {
				((ObjectNode) parent).remove((String) last);
				return JSON.writeValueAsString(copy);
			}
			if (last instanceof Integer index) {
				((ArrayNode) parent).set(index, Samples.NODES.stringNode(MARK));
			}
			else {
				((ObjectNode) parent).put((String) last, MARK);
			}
			return JSON.writeValueAsString(copy).replace(WRITTEN_MARK, this.raw);
		}

		/** Where, as a path ({@code actions[0].type}). */
		String where() {
			StringBuilder path = new StringBuilder();
			for (Object step : this.at) {
				path.append((step instanceof Integer index) ? "[" + index + "]" : (path.isEmpty() ? "" : ".") + step);
			}
			return path.isEmpty() ? "(body)" : path.toString();
		}

	}

	/** Every hostile variant of {@code body}, a valid value of {@code schema}. */
	List<Mutation> of(JsonNode schema, JsonNode body) {
		List<Mutation> mutations = new ArrayList<>();
		walk(schema, body, new ArrayList<>(), mutations);
		return mutations;
	}

	private void walk(JsonNode schema, JsonNode value, List<Object> at, List<Mutation> out) {
		JsonNode resolved = Schemas.nonNull(this.document, Schemas.resolve(this.document, schema));
		if (!at.isEmpty()) {
			for (Hostile hostile : choose(Hostile.json(resolved))) {
				out.add(new Mutation(List.copyOf(at), hostile.label(), hostile.text()));
			}
		}
		if (value instanceof ObjectNode object) {
			object(resolved, object, at, out);
		}
		else if (value instanceof ArrayNode array && resolved.has("items")) {
			for (int i = 0; i < array.size(); i++) {
				walk(resolved.get("items"), array.get(i), append(at, i), out);
			}
		}
	}

	private void object(JsonNode schema, ObjectNode object, List<Object> at, List<Mutation> out) {
		JsonNode properties = schema.path("properties");
		for (String name : properties.propertyNames()) {
			if (object.has(name)) {
				walk(properties.get(name), object.get(name), append(at, name), out);
			}
			else {
				for (Hostile hostile : choose(Hostile.json(properties.get(name)))) {
					out.add(new Mutation(append(at, name), "absent member given " + hostile.label(), hostile.text()));
				}
			}
		}
		for (Map.Entry<String, JsonNode> member : object.properties()) {
			if (!properties.has(member.getKey()) && schema.get("additionalProperties") instanceof ObjectNode extra) {
				walk(extra, member.getValue(), append(at, member.getKey()), out);
			}
		}
		for (JsonNode required : schema.path("required")) {
			out.add(new Mutation(append(at, required.stringValue()), "required member missing", Mutation.REMOVE));
		}
		if (!object.isEmpty()) {
			String first = object.propertyNames().iterator().next();
			String twice = "{" + JSON.writeValueAsString(Samples.NODES.stringNode(first)) + ":"
					+ JSON.writeValueAsString(object.get(first)) + "," + JSON.writeValueAsString(object).substring(1);
			out.add(new Mutation(List.copyOf(at), "member named twice", twice));
		}
	}

	private List<Hostile> choose(List<Hostile> all) {
		if (all.size() <= this.perPlace) {
			return all;
		}
		// NUL and control characters always; the rest drawn, seeded.
		List<Hostile> chosen = new ArrayList<>(all.subList(0, 2));
		List<Hostile> rest = new ArrayList<>(all.subList(2, all.size()));
		java.util.Collections.shuffle(rest, this.random);
		chosen.addAll(rest.subList(0, this.perPlace - 2));
		return chosen;
	}

	private static List<Object> append(List<Object> at, Object step) {
		List<Object> next = new ArrayList<>(at);
		next.add(step);
		return List.copyOf(next);
	}

}
