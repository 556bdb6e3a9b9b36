package dev.kfleet.agent.json;

import java.util.Collection;
import java.util.Map;

/**
 * Writes trees made of {@link Map Maps} (with {@link String} keys), {@link Collection
 * Collections}, strings, numbers, booleans and {@code null}, as {@link JsonReader} reads
 * them.
 */
public final class Json {

	private Json() {
	}

	/**
	 * Returns the JSON text of a tree.
	 * @param tree the tree
	 * @param pretty whether to indent
	 * @return the document
	 */
	public static String write(Object tree, boolean pretty) {
		StringBuilder sb = new StringBuilder();
		JsonWriter writer = new JsonWriter(sb, pretty);
		write(writer, tree);
		writer.finish();
		return sb.toString();
	}

	/**
	 * Writes a tree as the next value of a writer.
	 * @param writer the writer
	 * @param tree the tree
	 */
	public static void write(JsonWriter writer, Object tree) {
		switch (tree) {
			case null -> writer.nullValue();
			case String s -> writer.value(s);
			case Boolean b -> writer.value(b);
			case Number n -> writer.value(n);
			case Map<?, ?> map -> {
				writer.beginObject();
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					if (!(entry.getKey() instanceof String name)) {
						throw new IllegalArgumentException("Object keys must be strings: " + entry.getKey());
					}
					writer.name(name);
					write(writer, entry.getValue());
				}
				writer.endObject();
			}
			case Collection<?> list -> {
				writer.beginArray();
				for (Object item : list) {
					write(writer, item);
				}
				writer.endArray();
			}
			default -> throw new IllegalArgumentException("Not a JSON tree value: " + tree.getClass().getName());
		}
	}

}
