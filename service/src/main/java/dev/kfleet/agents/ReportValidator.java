package dev.kfleet.agents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.FieldViolation;
import dev.kfleet.platform.jsonschema.CompiledSchema;

/**
 * Checks a report against {@code HostReport} in the contract the service serves, so that
 * an agent of any version is accepted exactly when its report validates: what binds the
 * agent API to the JSON Schema engine ({@link CompiledSchema}).
 */
@Component
class ReportValidator {

	static final String CONTRACT = "static/openapi.yaml";

	static final String SCHEMA = "/components/schemas/HostReport";

	private static final int MAX_ERRORS = 20;

	private final CompiledSchema schema = CompiledSchema.compile(contract(), SCHEMA, "report", MAX_ERRORS);

	void validate(JsonNode report) {
		List<FieldViolation> violations = this.schema.validate(report);
		if (!violations.isEmpty()) {
			throw ApiException.invalid(violations);
		}
	}

	/** The contract the service serves. */
	static JsonNode contract() {
		try (InputStream in = new ClassPathResource(CONTRACT).getInputStream()) {
			return YAMLMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the contract " + CONTRACT, ex);
		}
	}

}
