package dev.kfleet.platform.jsonschema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

import dev.kfleet.platform.jsonschema.CompiledSchema.Kinds;
import dev.kfleet.platform.jsonschema.CompiledSchema.Location;
import dev.kfleet.platform.jsonschema.CompiledSchema.Rule;
import dev.kfleet.platform.jsonschema.CompiledSchema.Violations;

/**
 * Compiles the schema objects of a document into the rules of a {@link CompiledSchema}:
 * one small rule per keyword; references compiled once and shared, so that recursive
 * schemas work.
 */
final class SchemaCompiler {

	static final Set<String> ASSERTIONS = Set.of("type", "enum", "const", "minimum", "maximum", "minLength",
			"maxLength", "pattern", "properties", "required", "additionalProperties", "propertyNames", "minProperties",
			"items", "minItems", "maxItems", "anyOf", "$ref");

	private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

	private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

	/** How many texts each {@code pattern} remembers having matched or not. */
	private static final int PATTERN_MEMORY = 4_096;

	/** Keywords compiled together into one pass over an object's members. */
	private static final List<String> OBJECT_SHAPE = List.of("properties", "additionalProperties", "required");

	/**
	 * Keywords that describe and assert nothing ({@code format} is an annotation in
	 * 2020-12).
	 */
	static final Set<String> ANNOTATIONS = Set.of("description", "title", "format", "examples", "default", "deprecated",
			"readOnly", "writeOnly");

	private final JsonNode document;

	private final Map<String, Reference> references = new HashMap<>();

	SchemaCompiler(JsonNode document) {
		this.document = document;
	}

	Rule reference(String pointer) {
		return this.references.computeIfAbsent(pointer, Reference::new);
	}

	void resolveAll() {
		List<Reference> unresolved;
		while (!(unresolved = this.references.values().stream().filter((r) -> r.target == null).toList()).isEmpty()) {
			for (Reference reference : unresolved) {
				JsonNode schema = this.document.at(reference.pointer);
				if (schema.isMissingNode()) {
					throw new IllegalArgumentException("$ref " + reference.pointer + " does not resolve");
				}
				reference.target = compile(schema, reference.pointer);
			}
		}
	}

	Rule compile(JsonNode schema, String where) {
		if (schema.isBoolean()) {
			return schema.booleanValue() ? (node, at, out) -> {
			} : (node, at, out) -> out.add(at, "is not allowed");
		}
		if (!schema.isObject()) {
			throw new IllegalArgumentException("A schema must be an object or a boolean at " + where);
		}
		List<Rule> rules = new ArrayList<>();
		for (String keyword : schema.propertyNames()) {
			if (ANNOTATIONS.contains(keyword) || OBJECT_SHAPE.contains(keyword)) {
				continue;
			}
			if (!ASSERTIONS.contains(keyword)) {
				throw new IllegalArgumentException("Unsupported keyword " + keyword + " at " + where);
			}
			rules.add(rule(keyword, schema.get(keyword), where + "/" + keyword));
		}
		if (OBJECT_SHAPE.stream().anyMatch(schema::has)) {
			rules.add(objectShape(schema, where));
		}
		return (rules.size() == 1) ? rules.getFirst() : all(rules);
	}

	private Rule rule(String keyword, JsonNode value, String where) {
		return switch (keyword) {
			case "type" -> type(value);
			case "enum" -> oneOfValues(value, "must be one of " + value);
			case "const" -> oneOfValues(wrap(value), "must be " + value);
			case "minimum" -> bound(value.decimalValue(), true);
			case "maximum" -> bound(value.decimalValue(), false);
			case "minLength" -> length(value.intValue(), true);
			case "maxLength" -> length(value.intValue(), false);
			case "pattern" -> pattern(Pattern.compile(value.stringValue()));
			case "propertyNames" -> propertyNames(compile(value, where));
			case "minProperties" -> minProperties(value.intValue());
			case "items" -> items(compile(value, where));
			case "minItems" -> itemCount(value.intValue(), true);
			case "maxItems" -> itemCount(value.intValue(), false);
			case "anyOf" -> anyOf(value, where);
			case "$ref" -> ref(value.stringValue(), where);
			default -> throw new IllegalArgumentException("Unsupported keyword " + keyword + " at " + where);
		};
	}

	private Rule ref(String ref, String where) {
		if (!ref.startsWith("#/")) {
			throw new IllegalArgumentException("Only local references are supported: " + ref + " at " + where);
		}
		return reference(ref.substring(1));
	}

	private Rule anyOf(JsonNode branches, String where) {
		List<Rule> rules = new ArrayList<>();
		for (int i = 0; i < branches.size(); i++) {
			rules.add(compile(branches.get(i), where + "/" + i));
		}
		return new AnyOf(rules);
	}

	/**
	 * {@code properties}, {@code additionalProperties} and {@code required}, in one pass
	 * over the object's members.
	 */
	private Rule objectShape(JsonNode schema, String where) {
		String[] required = array(schema.path("required")).stream().map(JsonNode::stringValue).toArray(String[]::new);
		Map<String, Declared> declared = new HashMap<>();
		JsonNode properties = schema.path("properties");
		for (String name : properties.propertyNames()) {
			declared.put(name, new Declared(compile(properties.get(name), where + "/properties/" + name),
					List.of(required).contains(name)));
		}
		JsonNode additional = schema.get("additionalProperties");
		Declared others = (additional != null)
				? new Declared(compile(additional, where + "/additionalProperties"), false) : null;
		return (node, at, out) -> {
			if (!node.isObject()) {
				return;
			}
			int requiredSeen = 0;
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				Declared rule = declared.getOrDefault(member.getKey(), others);
				if (rule != null) {
					rule.rule().check(member.getValue(), at.child(member.getKey()), out);
					requiredSeen += rule.required() ? 1 : 0;
				}
			}
			if (requiredSeen == required.length) {
				return;
			}
			for (String name : required) {
				if (!node.has(name)) {
					out.add(at.child(name), "is required");
				}
			}
		};
	}

	private static Rule propertyNames(Rule names) {
		return (node, at, out) -> {
			if (!node.isObject()) {
				return;
			}
			Violations attempt = new Violations(1);
			for (String name : node.propertyNames()) {
				names.check(StringNode.valueOf(name), at, attempt);
				if (!attempt.isEmpty()) {
					out.add(at.child(name), "is not an allowed member name");
					attempt = new Violations(1);
				}
			}
		};
	}

	private static Rule minProperties(int min) {
		return (node, at, out) -> {
			if (node.isObject() && node.size() < min) {
				out.add(at, "must have at least " + min + " member" + ((min == 1) ? "" : "s"));
			}
		};
	}

	private static Rule items(Rule item) {
		return (node, at, out) -> {
			if (!node.isArray()) {
				return;
			}
			for (int i = 0; i < node.size(); i++) {
				item.check(node.get(i), at.element(i), out);
			}
		};
	}

	private static Rule itemCount(int bound, boolean min) {
		return (node, at, out) -> {
			if (node.isArray() && (min ? node.size() < bound : node.size() > bound)) {
				out.add(at, "must have " + (min ? "at least " : "at most ") + bound + " items");
			}
		};
	}

	private static Rule type(JsonNode value) {
		List<String> types = value.isArray() ? array(value).stream().map(JsonNode::stringValue).toList()
				: List.of(value.stringValue());
		int kinds = types.stream().mapToInt(Kinds::of).reduce(0, (a, b) -> a | b);
		boolean integersOnly = types.contains("integer") && !types.contains("number");
		String message = "must be " + String.join(" or ", types);
		return new Rule() {

			@Override
			public void check(JsonNode node, Location at, Violations out) {
				int kind = Kinds.of(node);
				if ((kinds & kind) == 0 || (kind == Kinds.NUMBER && integersOnly && !isInteger(node))) {
					out.add(at, message);
				}
				else if (kind == Kinds.NUMBER && integersOnly && !fitsInLong(node)) {
					out.add(at, "must be an integer from -2^63 to 2^63-1");
				}
			}

			@Override
			public int kinds() {
				return kinds;
			}

		};
	}

	private static boolean isInteger(JsonNode node) {
		if (node.isIntegralNumber()) {
			return true;
		}
		if (!node.isNumber() || isInfinite(node)) {
			return false;
		}
		return node.decimalValue().stripTrailingZeros().scale() <= 0;
	}

	/** A double or float beyond its range: it has no decimal value. */
	private static boolean isInfinite(JsonNode node) {
		return (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue());
	}

	/**
	 * The service keeps every integer it validates in 64 bits (ADR 0027): a whole number
	 * beyond them is refused, where JSON Schema alone would not bound it.
	 */
	private static boolean fitsInLong(JsonNode node) {
		if (node.isIntegralNumber()) {
			return node.canConvertToLong();
		}
		BigDecimal value = node.decimalValue();
		return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
	}

	private static Rule oneOfValues(JsonNode allowed, String message) {
		List<JsonNode> values = array(allowed);
		if (values.stream().allMatch(JsonNode::isString)) {
			Set<String> strings = values.stream().map(JsonNode::stringValue).collect(Collectors.toUnmodifiableSet());
			return (node, at, out) -> {
				if (!node.isString() || !strings.contains(node.stringValue())) {
					out.add(at, message);
				}
			};
		}
		return (node, at, out) -> {
			for (JsonNode value : values) {
				if (jsonEquals(value, node)) {
					return;
				}
			}
			out.add(at, message);
		};
	}

	/** {@code minimum} ({@code min}) or {@code maximum}: inclusive bounds of numbers. */
	private static Rule bound(BigDecimal bound, boolean min) {
		long exact = bound.stripTrailingZeros().scale() <= 0 ? bound.longValue() : Long.MIN_VALUE;
		String message = (min ? "must be at least " : "must be at most ") + bound.toPlainString();
		return (node, at, out) -> {
			if (!node.isNumber()) {
				return;
			}
			int order;
			if (isInfinite(node)) {
				order = (node.doubleValue() < 0) ? -1 : 1;
			}
			else {
				order = (node.canConvertToLong() && node.isIntegralNumber() && exact != Long.MIN_VALUE)
						? Long.compare(node.longValue(), exact) : node.decimalValue().compareTo(bound);
			}
			if (min ? order < 0 : order > 0) {
				out.add(at, message);
			}
		};
	}

	private static Rule length(int bound, boolean min) {
		return (node, at, out) -> {
			if (!node.isString()) {
				return;
			}
			String text = node.stringValue();
			int length = text.codePointCount(0, text.length());
			if (min ? length < bound : length > bound) {
				out.add(at, "must be " + (min ? "at least " : "at most ") + bound + " characters long");
			}
		};
	}

	private static Rule pattern(Pattern pattern) {
		// Reports repeat the same names and values (CONFIG_ options, device names):
		// what a regex said of a text is kept, up to a bound.
		Map<String, Boolean> known = new ConcurrentHashMap<>();
		return (node, at, out) -> {
			if (!node.isString()) {
				return;
			}
			String text = node.stringValue();
			Boolean matches = known.get(text);
			if (matches == null) {
				matches = pattern.matcher(text).find();
				if (known.size() < PATTERN_MEMORY) {
					known.put(text, matches);
				}
			}
			if (!matches) {
				out.add(at, "must match " + pattern.pattern());
			}
		};
	}

	private static Rule all(List<Rule> rules) {
		Rule[] array = rules.toArray(Rule[]::new);
		return new Rule() {

			@Override
			public void check(JsonNode node, Location at, Violations out) {
				for (Rule rule : array) {
					rule.check(node, at, out);
				}
			}

			@Override
			public int kinds() {
				int kinds = Kinds.ALL;
				for (Rule rule : array) {
					kinds &= rule.kinds();
				}
				return kinds;
			}

		};
	}

	private static List<JsonNode> array(JsonNode node) {
		List<JsonNode> values = new ArrayList<>();
		node.forEach(values::add);
		return values;
	}

	private static JsonNode wrap(JsonNode value) {
		return JsonNodeFactory.instance.arrayNode().add(value);
	}

	/**
	 * JSON equality: numbers by value (1 equals 1.0), objects regardless of order.
	 */
	private static boolean jsonEquals(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			if (isInfinite(a) || isInfinite(b)) {
				return isInfinite(a) && isInfinite(b) && a.doubleValue() == b.doubleValue();
			}
			return a.decimalValue().compareTo(b.decimalValue()) == 0;
		}
		if (a.isArray() && b.isArray()) {
			if (a.size() != b.size()) {
				return false;
			}
			for (int i = 0; i < a.size(); i++) {
				if (!jsonEquals(a.get(i), b.get(i))) {
					return false;
				}
			}
			return true;
		}
		if (a.isObject() && b.isObject()) {
			if (a.size() != b.size()) {
				return false;
			}
			for (Map.Entry<String, JsonNode> member : a.properties()) {
				JsonNode other = b.get(member.getKey());
				if (other == null || !jsonEquals(member.getValue(), other)) {
					return false;
				}
			}
			return true;
		}
		return a.equals(b);
	}

	/** A declared member's rule, and whether the member is required. */
	private record Declared(Rule rule, boolean required) {
	}

	/**
	 * {@code anyOf}: the branches that can accept a kind of node are worked out once, on
	 * first use (when every reference is resolved); a node is checked against those only.
	 */
	private static final class AnyOf implements Rule {

		private static final Rule[] NONE = {};

		private final List<Rule> rules;

		private volatile Rule @Nullable [][] byKind;

		AnyOf(List<Rule> rules) {
			this.rules = rules;
		}

		@Override
		public void check(JsonNode node, Location at, Violations out) {
			int kind = Kinds.of(node);
			Rule[] candidates = (kind != 0) ? byKind()[Integer.numberOfTrailingZeros(kind)] : NONE;
			if (candidates.length == 0) {
				out.add(at, "does not match any of its allowed forms");
				return;
			}
			if (candidates.length == 1) {
				// The only branch that takes this kind of node: its violations are the
				// answer.
				candidates[0].check(node, at, out);
				return;
			}
			Violations closest = null;
			for (Rule rule : candidates) {
				Violations attempt = out.attempt();
				rule.check(node, at, attempt);
				if (attempt.isEmpty()) {
					return;
				}
				if (closest == null || attempt.deepest() > closest.deepest()) {
					closest = attempt;
				}
			}
			// The branch that went deepest is the one the document meant to match.
			if (closest.deepest() > at.depth()) {
				out.addAll(closest);
			}
			else {
				out.add(at, "does not match any of its allowed forms");
			}
		}

		private Rule[][] byKind() {
			Rule[][] table = this.byKind;
			if (table == null) {
				table = new Rule[Integer.bitCount(Kinds.ALL)][];
				for (int bit = 0; bit < table.length; bit++) {
					int kind = 1 << bit;
					table[bit] = this.rules.stream().filter((rule) -> (rule.kinds() & kind) != 0).toArray(Rule[]::new);
				}
				this.byKind = table;
			}
			return table;
		}

	}

	/**
	 * A {@code $ref}, compiled once and resolved after every schema it leads to is known.
	 */
	private static final class Reference implements Rule {

		private final String pointer;

		private @Nullable Rule target;

		Reference(String pointer) {
			this.pointer = pointer;
		}

		@Override
		public void check(JsonNode node, Location at, Violations out) {
			this.target.check(node, at, out);
		}

		@Override
		public int kinds() {
			return this.target.kinds();
		}

	}

}
