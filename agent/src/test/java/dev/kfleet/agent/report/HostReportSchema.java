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
 * The {@code HostReport} schema from {@code openapi.yaml} (OpenAPI 3.1 schemas are JSON
 * Schema 2020-12), as a validator.
 */
final class HostReportSchema {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Schema schema;

	private HostReportSchema(Schema schema) {
		this.schema = schema;
	}

	static HostReportSchema load() {
		Path openapi = Path.of(System.getProperty("kfleet.openapi", "../openapi.yaml"));
		JsonNode document = YAMLMapper.builder().build().readTree(openapi.toFile());
		ObjectNode root = JSON.createObjectNode();
		root.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
		root.put("$ref", "#/components/schemas/HostReport");
		root.set("components", document.get("components"));
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		return new HostReportSchema(registry.getSchema(SchemaLocation.of("urn:kfleet:openapi"), root));
	}

	List<String> validate(String json) {
		List<Error> errors = this.schema.validate(JSON.readTree(json));
		return errors.stream().map((e) -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
	}

}
