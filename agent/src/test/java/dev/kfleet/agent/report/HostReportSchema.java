package dev.kfleet.agent.report;

import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A schema from {@code openapi.yaml} ({@code HostReport} unless named; OpenAPI 3.1
 * schemas are JSON Schema 2020-12), as a validator.
 */
public final class HostReportSchema {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Schema schema;

	private HostReportSchema(Schema schema) {
		this.schema = schema;
	}

	static HostReportSchema load() {
		return load("HostReport");
	}

	/**
	 * Loads one schema of {@code components/schemas}.
	 * @param name the schema's name, such as {@code CheckInRequest}
	 * @return the validator
	 */
	public static HostReportSchema load(String name) {
		Path openapi = Path.of(System.getProperty("kfleet.openapi", "../openapi.yaml"));
		JsonNode document = YAMLMapper.builder().build().readTree(openapi.toFile());
		ObjectNode root = JSON.createObjectNode();
		root.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
		root.put("$ref", "#/components/schemas/" + name);
		root.set("components", document.get("components"));
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		return new HostReportSchema(registry.getSchema(SchemaLocation.of("urn:kfleet:openapi"), root));
	}

	/**
	 * Validates a document.
	 * @param json the document
	 * @return the errors, empty when it is valid
	 */
	public List<String> validate(String json) {
		List<Error> errors = this.schema.validate(JSON.readTree(json));
		return errors.stream().map((e) -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
	}

}
