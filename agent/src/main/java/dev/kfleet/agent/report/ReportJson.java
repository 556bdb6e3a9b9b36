package dev.kfleet.agent.report;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

	private ReportJson() {
	}

	/**
	 * Returns a record (or any value of a report) as JSON text.
	 * @param value the value
	 * @param pretty whether to indent
	 * @return the document
	 */
	public static String toJson(Object value, boolean pretty) {
		StringBuilder sb = new StringBuilder(16_384);
		JsonWriter writer = new JsonWriter(sb, pretty);
		write(writer, value);
		writer.finish();
		return sb.toString();
	}

	/**
	 * Writes a value as the next value of a writer.
	 * @param writer the writer
	 * @param value the value
	 */
	public static void write(JsonWriter writer, Object value) {
		switch (value) {
			case null -> throw new IllegalStateException("A report value is null; use Reading.unknown");
			case Reading<?> reading -> throw new IllegalStateException("A reading outside a record: " + reading);
			case Record rec -> writeRecord(writer, rec);
			case Enum<?> constant -> writer.value(jsonName(constant));
			case String s -> writer.value(s);
			case Boolean b -> writer.value(b);
			case Number n -> writer.value(n);
			case Collection<?> items -> writeArray(writer, items);
			case Map<?, ?> map -> writeMap(writer, map);
			default -> throw new IllegalStateException("No JSON form for " + value.getClass().getName());
		}
	}

	/**
	 * Returns the JSON form of an enum constant.
	 * @param constant the constant
	 * @return its name in lower case, with dashes for underscores
	 */
	public static String jsonName(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static void writeRecord(JsonWriter writer, Record rec) {
		Map<String, String> unknown = new LinkedHashMap<>();
		writer.beginObject();
		for (Accessor accessor : accessors(rec.getClass())) {
			Object value = accessor.get(rec);
			writer.name(accessor.name());
			if (value instanceof Reading<?> reading) {
				switch (reading) {
					case Reading.Known<?>(Object known) -> write(writer, known);
					case Reading.Unknown<?>(String reason) -> {
						writer.nullValue();
						unknown.put(accessor.name(), reason);
					}
				}
			}
			else {
				write(writer, value);
			}
		}
		if (!unknown.isEmpty()) {
			writer.name(UNKNOWN);
			writeMap(writer, unknown);
		}
		writer.endObject();
	}

	private static void writeArray(JsonWriter writer, Collection<?> items) {
		writer.beginArray();
		for (Object item : items) {
			write(writer, item);
		}
		writer.endArray();
	}

	private static void writeMap(JsonWriter writer, Map<?, ?> map) {
		writer.beginObject();
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			writer.name(String.valueOf(entry.getKey()));
			write(writer, entry.getValue());
		}
		writer.endObject();
	}

	private static List<Accessor> accessors(Class<?> type) {
		return ACCESSORS.computeIfAbsent(type, ReportJson::findAccessors);
	}

	private static List<Accessor> findAccessors(Class<?> type) {
		List<Accessor> accessors = new ArrayList<>();
		MethodHandles.Lookup lookup = MethodHandles.publicLookup();
		for (RecordComponent component : type.getRecordComponents()) {
			if (component.getName().equals(UNKNOWN)) {
				throw new IllegalStateException("A record component may not be called " + UNKNOWN);
			}
			try {
				accessors.add(new Accessor(component.getName(), lookup.unreflect(component.getAccessor())
					.asType(MethodType.methodType(Object.class, Object.class))));
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException("Report records must be public: " + type.getName(), ex);
			}
		}
		return List.copyOf(accessors);
	}

	private record Accessor(String name, MethodHandle handle) {

		Object get(Record rec) {
			try {
				return (Object) this.handle.invokeExact((Object) rec);
			}
			catch (Throwable ex) {
				throw new IllegalStateException("Cannot read " + this.name + " of " + rec.getClass().getName(), ex);
			}
		}

	}

}
