package dev.kfleet.agent.report;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.kfleet.agent.json.JsonWriter;

/**
 * Writes report records as JSON. The mapping is fixed and mirrors the schema:
 * <ul>
 * <li>a record is an object whose members are its components, in declaration order;</li>
 * <li>a known {@link Reading} is its value; an unknown one is {@code null}, and the
 * object gets a last member {@code unknown} that maps each such member name to its reason
 * (the member is absent when nothing is unknown);</li>
 * <li>an enum constant is its name in lower case with dashes ({@code NOT_LOADED} →
 * {@code "not-loaded"});</li>
 * <li>lists are arrays, maps are objects in their iteration order, numbers are
 * exact.</li>
 * </ul>
 * A {@code null} component is a bug in a collector, and is refused.
 */
public final class ReportJson {

	/** The name of the member that explains the {@code null} members of an object. */
	public static final String UNKNOWN = "unknown";

	private static final Map<Class<?>, List<Accessor>> ACCESSORS = new ConcurrentHashMap<>();

	/** The JSON names of each enum's constants, by ordinal. */
	private static final ClassValue<String[]> JSON_NAMES = new ClassValue<>() {
		@Override
		protected String[] computeValue(Class<?> type) {
			return Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.toArray(String[]::new);
		}
	};

	private ReportJson() {
	}

	/**
	 * Returns a record (or any value of a report) as JSON text.
	 * @param value the value
	 * @param pretty whether to indent
	 * @return the document
	 */
	public static String toJson(Object value, boolean pretty) {
		StringBuilder sb = new StringBuilder(4_096);
		JsonWriter writer = new JsonWriter(sb, pretty);
		write(writer, value);
		writer.finish();
		return sb.toString();
	}

	/**
	 * Returns a value as compact JSON, and that text once more without some members, in
	 * one pass.
	 * @param value the value
	 * @param leftOut the members to leave out of {@link Written#content()}
	 * @return both texts
	 */
	public static Written toJson(Object value, Set<Member> leftOut) {
		StringBuilder sb = new StringBuilder(4_096);
		JsonWriter writer = new JsonWriter(sb, false);
		Cuts cuts = new Cuts(sb, leftOut);
		write(writer, value, cuts);
		writer.finish();
		String json = sb.toString();
		return new Written(json, cuts.apply(json));
	}

	/**
	 * Writes a value as the next value of a writer.
	 * @param writer the writer
	 * @param value the value
	 */
	public static void write(JsonWriter writer, Object value) {
		write(writer, value, Cuts.NONE);
	}

	/** Writes a value, noting where the members left out of the content are. */
	private static void write(JsonWriter writer, Object value, Cuts cuts) {
		switch (value) {
			case null -> throw new IllegalStateException("A report value is null; use Reading.unknown");
			case Reading<?> reading -> throw new IllegalStateException("A reading outside a record: " + reading);
			case Record rec -> writeRecord(writer, rec, cuts);
			case Enum<?> constant -> writer.value(jsonName(constant));
			case String s -> writer.value(s);
			case Boolean b -> writer.value(b);
			case Number n -> writer.value(n);
			case Collection<?> items -> writeArray(writer, items, cuts);
			case Map<?, ?> map -> writeMap(writer, map, cuts, Set.of());
			default -> throw new IllegalStateException("No JSON form for " + value.getClass().getName());
		}
	}

	/**
	 * Returns the JSON form of an enum constant.
	 * @param constant the constant
	 * @return its name in lower case, with dashes for underscores
	 */
	public static String jsonName(Enum<?> constant) {
		return JSON_NAMES.get(constant.getDeclaringClass())[constant.ordinal()];
	}

	private static void writeRecord(JsonWriter writer, Record rec, Cuts cuts) {
		Map<String, String> unknown = new LinkedHashMap<>();
		Set<String> cut = cuts.membersOf(rec.getClass());
		writer.beginObject();
		for (Accessor accessor : accessors(rec.getClass())) {
			Object value = accessor.get(rec);
			int start = cuts.position();
			writer.name(accessor.name());
			if (value instanceof Reading<?> reading) {
				switch (reading) {
					case Reading.Known<?>(Object known) -> write(writer, known, cuts);
					case Reading.Unknown<?>(String reason) -> {
						writer.nullValue();
						unknown.put(accessor.name(), reason);
					}
				}
			}
			else {
				write(writer, value, cuts);
			}
			if (cut.contains(accessor.name())) {
				cuts.cut(start);
			}
		}
		if (!unknown.isEmpty()) {
			// The reasons of members left out are left out too, and the whole member when
			// it holds nothing else.
			int member = cuts.position();
			writer.name(UNKNOWN);
			writeMap(writer, unknown, cuts, cut);
			if (cut.containsAll(unknown.keySet())) {
				cuts.cut(member);
			}
		}
		writer.endObject();
	}

	private static void writeArray(JsonWriter writer, Collection<?> items, Cuts cuts) {
		writer.beginArray();
		for (Object item : items) {
			write(writer, item, cuts);
		}
		writer.endArray();
	}

	/**
	 * Writes a map as an object; the entries whose key is in {@code cut} are left out of
	 * the content.
	 */
	private static void writeMap(JsonWriter writer, Map<?, ?> map, Cuts cuts, Set<String> cut) {
		writer.beginObject();
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			int start = cuts.position();
			String key = String.valueOf(entry.getKey());
			writer.name(key);
			write(writer, entry.getValue(), cuts);
			if (cut.contains(key)) {
				cuts.cut(start);
			}
		}
		writer.endObject();
	}

	private static List<Accessor> accessors(Class<?> type) {
		return ACCESSORS.computeIfAbsent(type, ReportJson::findAccessors);
	}

	private static List<Accessor> findAccessors(Class<?> type) {
		List<Accessor> accessors = new ArrayList<>();
		for (RecordComponent component : type.getRecordComponents()) {
			if (component.getName().equals(UNKNOWN)) {
				throw new IllegalStateException("A record component may not be called " + UNKNOWN);
			}
			accessors.add(new Accessor(component.getName(), getter(type, component)));
		}
		return List.copyOf(accessors);
	}

	/**
	 * A component's accessor as a plain function: called like any interface method, and
	 * several times faster than a method handle that is not a constant.
	 */
	@SuppressWarnings("unchecked")
	private static Function<Record, Object> getter(Class<?> type, RecordComponent component) {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MethodHandle accessor = lookup.unreflect(component.getAccessor());
			Class<?> result = MethodType.methodType(component.getType()).wrap().returnType();
			CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
					MethodType.methodType(Object.class, Object.class), accessor, MethodType.methodType(result, type));
			return (Function<Record, Object>) site.getTarget().invokeExact();
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Report records must be public: " + type.getName(), ex);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot read the components of " + type.getName(), ex);
		}
	}

	private record Accessor(String name, Function<Record, Object> getter) {

		Object get(Record rec) {
			return this.getter.apply(rec);
		}

	}

	/**
	 * A member of a record type.
	 *
	 * @param type the record type
	 * @param name the component's name
	 */
	public record Member(Class<? extends Record> type, String name) {
	}

	/**
	 * A document, and its content: the same text without the members left out (and
	 * without their entries in {@value #UNKNOWN}), made to be hashed rather than read.
	 *
	 * @param json the compact JSON
	 * @param content the JSON without the members left out
	 */
	public record Written(String json, String content) {
	}

}
