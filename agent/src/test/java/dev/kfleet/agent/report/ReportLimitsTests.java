package dev.kfleet.agent.report;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of the report's texts are written twice, as {@code maxLength} in the
 * {@code HostReport} schemas of {@code openapi.yaml} and as {@link MaxLength} on the
 * records; these tests hold them equal, and hold every text of the schema bounded and
 * every cut text recordable in {@code truncated}.
 */
class ReportLimitsTests {

	private static JsonNode schemas;

	@BeforeAll
	static void load() {
		Path openapi = Path.of(System.getProperty("kfleet.openapi", "../openapi.yaml"));
		schemas = YAMLMapper.builder().build().readTree(openapi.toFile()).get("components").get("schemas");
	}

	@Test
	void everyTextInTheReportSchemasHasAMaxLength() {
		List<String> unbounded = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		walk("HostReport", schemas.get("HostReport"), seen, unbounded);
		assertThat(seen).contains("ProcessRef", "KernelConfig", "UnknownReasons", "TruncatedLengths");
		assertThat(unbounded).isEmpty();
	}

	@Test
	void everyTextMemberOfAReportRecordHasTheMaxLengthOfItsSchema() {
		List<String> different = new ArrayList<>();
		for (Class<?> type : reportRecords()) {
			for (RecordComponent component : type.getRecordComponents()) {
				MaxLength max = component.getAnnotation(MaxLength.class);
				if (max != null) {
					JsonNode property = schemas.get(type.getSimpleName()).get("properties").get(component.getName());
					int schemaMax = textMaxLength(property);
					if (schemaMax != max.value()) {
						different.add(type.getSimpleName() + "." + component.getName() + ": @MaxLength(" + max.value()
								+ "), maxLength " + schemaMax);
					}
				}
			}
		}
		assertThat(different).isEmpty();
		assertThat(reportRecords()).hasSizeGreaterThan(20);
	}

	@Test
	void everyObjectWithATextCanSayItWasCut() {
		List<String> missing = new ArrayList<>();
		for (Class<?> type : reportRecords()) {
			for (RecordComponent component : type.getRecordComponents()) {
				if (component.getAnnotation(MaxLength.class) == null) {
					continue;
				}
				JsonNode truncated = schemas.get(type.getSimpleName()).get("properties").get("truncated");
				String key = component.getName()
						+ (component.getGenericType().getTypeName().contains("Map<") ? ".CONFIG_X" : "")
						+ (component.getGenericType().getTypeName().contains("List<") ? "[3]" : "");
				if (truncated == null || !allows(truncated.get("propertyNames"), key)) {
					missing.add(type.getSimpleName() + ".truncated." + key);
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	private static boolean allows(JsonNode names, String key) {
		if (names.has("enum")) {
			return names.get("enum").valueStream().anyMatch((name) -> name.asString().equals(key));
		}
		return Pattern.compile(names.get("pattern").asString()).matcher(key).find();
	}

	/** The maxLength of a member's texts: its own, its items' or its values'. */
	private static int textMaxLength(JsonNode property) {
		if (property.has("maxLength")) {
			return property.get("maxLength").asInt();
		}
		for (String nested : List.of("items", "additionalProperties")) {
			if (property.has(nested) && property.get(nested).isObject()) {
				return textMaxLength(property.get(nested));
			}
		}
		if (property.has("anyOf")) {
			for (JsonNode branch : property.get("anyOf")) {
				int max = textMaxLength(branch);
				if (max > 0) {
					return max;
				}
			}
		}
		return 0;
	}

	private static void walk(String path, JsonNode node, Set<String> seen, List<String> unbounded) {
		if (node.has("$ref")) {
			String name = node.get("$ref").asString().substring("#/components/schemas/".length());
			if (seen.add(name)) {
				walk(name, schemas.get(name), seen, unbounded);
			}
		}
		JsonNode type = node.get("type");
		boolean text = type != null && (type.isArray()
				? type.valueStream().anyMatch((t) -> t.asString().equals("string")) : type.asString().equals("string"));
		if (text && !node.has("maxLength")) {
			unbounded.add(path);
		}
		node.optional("properties")
			.ifPresent((properties) -> properties.properties()
				.forEach((member) -> walk(path + "." + member.getKey(), member.getValue(), seen, unbounded)));
		for (String nested : List.of("items", "additionalProperties")) {
			if (node.has(nested) && node.get(nested).isObject()) {
				walk(path + "." + nested, node.get(nested), seen, unbounded);
			}
		}
		node.optional("anyOf").ifPresent((branches) -> branches.forEach((b) -> walk(path, b, seen, unbounded)));
	}

	/** Every record a report is made of. */
	private static Set<Class<?>> reportRecords() {
		Set<Class<?>> found = new LinkedHashSet<>();
		collect(HostReport.class, found);
		return found;
	}

	private static void collect(Type type, Set<Class<?>> found) {
		if (type instanceof ParameterizedType parameterized) {
			for (Type argument : parameterized.getActualTypeArguments()) {
				collect(argument, found);
			}
		}
		else if (type instanceof Class<?> cls && cls.isRecord() && found.add(cls)) {
			for (RecordComponent component : cls.getRecordComponents()) {
				collect(component.getGenericType(), found);
			}
		}
	}

}
