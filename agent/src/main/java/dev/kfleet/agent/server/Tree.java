package dev.kfleet.agent.server;

import java.util.List;
import java.util.Map;

/**
 * Typed reads from a {@link dev.kfleet.agent.json.JsonReader} tree, failing with
 * {@link MalformedException} on a missing or mistyped member.
 */
final class Tree {

	private Tree() {
	}

	static Map<?, ?> object(Object value, String what) {
		if (value instanceof Map<?, ?> map) {
			return map;
		}
		throw new MalformedException(what + " is not a JSON object");
	}

	static String string(Map<?, ?> object, String name) {
		if (object.get(name) instanceof String s) {
			return s;
		}
		throw missing(name, "a string");
	}

	static long integer(Map<?, ?> object, String name) {
		if (object.get(name) instanceof Long l) {
			return l;
		}
		throw missing(name, "an integer");
	}

	static boolean bool(Map<?, ?> object, String name) {
		if (object.get(name) instanceof Boolean b) {
			return b;
		}
		throw missing(name, "true or false");
	}

	static List<?> array(Map<?, ?> object, String name) {
		if (object.get(name) instanceof List<?> list) {
			return list;
		}
		throw missing(name, "an array");
	}

	private static MalformedException missing(String name, String what) {
		return new MalformedException("\"" + name + "\" is not " + what);
	}

	/**
	 * A document that is valid JSON but not the contract's shape.
	 */
	static final class MalformedException extends RuntimeException {

		MalformedException(String message) {
			super(message);
		}

	}

}
