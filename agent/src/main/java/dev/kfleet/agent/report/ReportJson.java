package dev.kfleet.agent.report;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kfleet.agent.json.JsonWriter;

/**
 * Writes report records as JSON. The mapping is fixed and mirrors the schema:
 * <ul>
 * <li>a record is an object whose members are its components, in declaration order;</li>
 * <li>a known {@link Reading} is its value; an unknown one is {@code null}, and the
 * object gets a last member {@code unknown} that maps each such member name to its reason
 * (the member is absent when nothing is unknown);</li>
 * <li>a text longer than its member's {@link MaxLength} is cut to it, and the object gets
 * a last member {@code truncated} that maps the member's name to the text's original
 * length in code points (absent when nothing was cut); a {@link Reading.Truncated} is
 * always recorded there; control characters other than tab and line breaks become U+FFFD,
 * and a reason in {@code unknown} is at most {@value Texts#MAX_REASON} code points;</li>
 * <li>an enum constant is its name in lower case with dashes ({@code NOT_LOADED} →
 * {@code "not-loaded"});</li>
 * <li>lists are arrays (an empty one is left out where the component is
 * {@link OmittedWhenEmpty}), maps are objects in their iteration order, numbers are
 * exact.</li>
 * </ul>
 * A {@code null} component is a bug in a collector, and is refused.
 */
public final class ReportJson {

	/** The name of the member that explains the {@code null} members of an object. */
	public static final String UNKNOWN = "unknown";

	/**
	 * The name of the member that gives the original length of each text of an object
	 * that was cut.
	 */
	public static final String TRUNCATED = "truncated";

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
			case Map<?, ?> map -> writeMap(writer, map, cuts);
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
		Map<String, Long> truncated = new LinkedHashMap<>();
		Set<String> cut = cuts.membersOf(rec.getClass());
		writer.beginObject();
		for (Accessor accessor : Accessor.of(rec.getClass())) {
			Object value = accessor.get(rec);
			if (accessor.omittedWhenEmpty() && value instanceof Collection<?> items && items.isEmpty()) {
				continue;
			}
			int start = cuts.position();
			writer.name(accessor.name());
			writeMember(writer, value, accessor, cuts, unknown, truncated);
			if (cut.contains(accessor.name())) {
				cuts.cut(start);
			}
		}
		// The explanations of members left out are left out too, and the whole member
		// when it holds nothing else.
		writeExplanation(writer, UNKNOWN, unknown, cuts, cut);
		writeExplanation(writer, TRUNCATED, truncated, cuts, cut);
		writer.endObject();
	}

	private static void writeMember(JsonWriter writer, Object value, Accessor accessor, Cuts cuts,
			Map<String, String> unknown, Map<String, Long> truncated) {
		switch (value) {
			case null -> throw new IllegalStateException("A report value is null; use Reading.unknown");
			case Reading.Unknown<?>(String reason) -> {
				writer.nullValue();
				unknown.put(accessor.name(), Texts.reason(reason));
			}
			case Reading.Truncated(String text, long length) -> {
				Texts.write(writer, text, accessor.maxLength());
				truncated.put(accessor.name(), length);
			}
			case Reading.Known<?>(Object known) -> writeLimited(writer, known, accessor, cuts, truncated);
			default -> writeLimited(writer, value, accessor, cuts, truncated);
		}
	}

	private static void writeExplanation(JsonWriter writer, String member, Map<String, ?> entries, Cuts cuts,
			Set<String> cut) {
		if (entries.isEmpty()) {
			return;
		}
		int start = cuts.position();
		writer.name(member);
		writer.beginObject();
		boolean allCut = true;
		for (Map.Entry<String, ?> entry : entries.entrySet()) {
			int entryStart = cuts.position();
			writer.name(entry.getKey());
			write(writer, entry.getValue(), cuts);
			if (cut.contains(Texts.memberOf(entry.getKey()))) {
				cuts.cut(entryStart);
			}
			else {
				allCut = false;
			}
		}
		writer.endObject();
		if (allCut) {
			cuts.cut(start);
		}
	}

	/**
	 * Writes a member's value: its texts cut to the member's {@link MaxLength}, each cut
	 * recorded with its original length ({@code name}, {@code name.key} in a map,
	 * {@code name[i]} in an array).
	 */
	private static void writeLimited(JsonWriter writer, Object value, Accessor accessor, Cuts cuts,
			Map<String, Long> truncated) {
		int limit = accessor.maxLength();
		switch (value) {
			case String text when limit > 0 -> Texts.write(writer, text, limit, accessor.name(), truncated);
			case Map<?, ?> map when limit > 0 -> {
				writer.beginObject();
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					String key = String.valueOf(entry.getKey());
					writer.name(key);
					writeItem(writer, entry.getValue(), limit, accessor.name() + "." + key, truncated, cuts);
				}
				writer.endObject();
			}
			case Collection<?> items when limit > 0 -> {
				writer.beginArray();
				int index = 0;
				for (Object item : items) {
					writeItem(writer, item, limit, accessor.name() + "[" + index++ + "]", truncated, cuts);
				}
				writer.endArray();
			}
			default -> write(writer, value, cuts);
		}
	}

	private static void writeItem(JsonWriter writer, Object item, int limit, String key, Map<String, Long> truncated,
			Cuts cuts) {
		if (item instanceof String text) {
			Texts.write(writer, text, limit, key, truncated);
		}
		else {
			write(writer, item, cuts);
		}
	}

	private static void writeArray(JsonWriter writer, Collection<?> items, Cuts cuts) {
		writer.beginArray();
		for (Object item : items) {
			write(writer, item, cuts);
		}
		writer.endArray();
	}

	private static void writeMap(JsonWriter writer, Map<?, ?> map, Cuts cuts) {
		writer.beginObject();
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			writer.name(String.valueOf(entry.getKey()));
			write(writer, entry.getValue(), cuts);
		}
		writer.endObject();
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
