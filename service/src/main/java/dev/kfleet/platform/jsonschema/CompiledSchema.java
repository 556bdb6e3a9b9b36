package dev.kfleet.platform.jsonschema;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.kfleet.platform.FieldViolation;

/**
 * A JSON Schema (2020-12, as OpenAPI 3.1 uses it) compiled once into plain checks, for
 * documents the service validates thousands of times a second (the agent's report, ADR
 * 0022). A general validator walks the schema for every document and tracks a path for
 * every node; these checks walk only the document and name a path only when something is
 * wrong.
 * <p>
 * It knows the keywords the contract uses ({@link SchemaCompiler#ASSERTIONS},
 * {@link SchemaCompiler#ANNOTATIONS}); compiling a schema that uses any other keyword
 * fails, so that the contract cannot grow a rule that would silently go unchecked.
 * {@code $ref} resolves JSON pointers within the same document. Tests compare it with a
 * general validator (networknt) on generated documents.
 */
public final class CompiledSchema {

	private final Rule root;

	private final String prefix;

	private final int maxViolations;

	private CompiledSchema(Rule root, String prefix, int maxViolations) {
		this.root = root;
		this.prefix = prefix;
		this.maxViolations = maxViolations;
	}

	/**
	 * Compiles the schema at a JSON pointer of a document.
	 * @param document the document (an OpenAPI contract, say)
	 * @param pointer where the schema is, e.g. {@code /components/schemas/HostReport}
	 * @param prefix the name of the validated document in violations' field paths
	 * @param maxViolations at most this many violations are reported
	 * @return the compiled schema
	 * @throws IllegalArgumentException if a keyword is not supported or a reference does
	 * not resolve
	 */
	public static CompiledSchema compile(JsonNode document, String pointer, String prefix, int maxViolations) {
		SchemaCompiler compiler = new SchemaCompiler(document);
		Rule root = compiler.reference(pointer);
		compiler.resolveAll();
		return new CompiledSchema(root, prefix, maxViolations);
	}

	/**
	 * Checks a document.
	 * @param document the document
	 * @return what is wrong with it, empty when it is valid
	 */
	public List<FieldViolation> validate(JsonNode document) {
		Violations violations = new Violations(this.maxViolations);
		this.root.check(document, new Location(null, this.prefix, -1), violations);
		return violations.list();
	}

	/** One compiled check. */
	@FunctionalInterface
	interface Rule {

		void check(JsonNode node, Location at, Violations out);

		/**
		 * The kinds of node ({@link Kinds}) this rule can accept; a branch of
		 * {@code anyOf} that cannot accept a node is not tried.
		 */
		default int kinds() {
			return Kinds.ALL;
		}

	}

	/**
	 * JSON node kinds as bits; {@code integer} is a {@code number} as far as kinds go.
	 */
	static final class Kinds {

		static final int NULL = 1;

		static final int BOOLEAN = 2;

		static final int OBJECT = 4;

		static final int ARRAY = 8;

		static final int STRING = 16;

		static final int NUMBER = 32;

		static final int ALL = 63;

		private Kinds() {
		}

		static int of(JsonNode node) {
			return switch (node.getNodeType()) {
				case OBJECT -> OBJECT;
				case ARRAY -> ARRAY;
				case STRING -> STRING;
				case NUMBER -> NUMBER;
				case BOOLEAN -> BOOLEAN;
				case NULL -> NULL;
				default -> 0;
			};
		}

		static int of(String type) {
			return switch (type) {
				case "null" -> NULL;
				case "boolean" -> BOOLEAN;
				case "object" -> OBJECT;
				case "array" -> ARRAY;
				case "string" -> STRING;
				case "number", "integer" -> NUMBER;
				default -> throw new IllegalArgumentException("Unknown type " + type);
			};
		}

	}

	/** Where a node is; turned into text only for a violation. */
	record Location(@Nullable Location parent, @Nullable String name, int index) {

		Location child(String member) {
			return new Location(this, member, -1);
		}

		Location element(int i) {
			return new Location(this, null, i);
		}

		int depth() {
			return (this.parent != null) ? this.parent.depth() + 1 : 0;
		}

		@Override
		public String toString() {
			StringBuilder path = new StringBuilder();
			append(path);
			return path.toString();
		}

		private void append(StringBuilder path) {
			if (this.parent != null) {
				this.parent.append(path);
			}
			if (this.name == null) {
				path.append('[').append(this.index).append(']');
			}
			else {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(this.name);
			}
		}

	}

	/**
	 * What went wrong, where; paths become text only at the end, because a branch of
	 * {@code anyOf} that does not match is tried and its violations mostly dropped.
	 */
	static final class Violations {

		private final int limit;

		private final List<Violation> found = new ArrayList<>();

		private int deepest = -1;

		Violations(int limit) {
			this.limit = limit;
		}

		void add(Location at, String message) {
			add(new Violation(at, message));
		}

		void add(Violation violation) {
			this.deepest = Math.max(this.deepest, violation.at().depth());
			if (this.found.size() < this.limit) {
				this.found.add(violation);
			}
		}

		boolean isEmpty() {
			return this.found.isEmpty();
		}

		/** A fresh collector with the same bound, to try something out. */
		Violations attempt() {
			return new Violations(this.limit);
		}

		/** How deep (in members and elements) the deepest violation lies; -1 for none. */
		int deepest() {
			return this.deepest;
		}

		void addAll(Violations other) {
			other.found.forEach(this::add);
		}

		List<FieldViolation> list() {
			if (this.found.isEmpty()) {
				return List.of();
			}
			return this.found.stream()
				.map((violation) -> new FieldViolation(violation.at().toString(), violation.message()))
				.toList();
		}

	}

	record Violation(Location at, String message) {
	}

}
