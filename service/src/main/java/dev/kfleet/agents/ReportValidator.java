package dev.kfleet.agents;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.FieldViolation;

/**
 * Checks a report against {@code HostReport} in the contract the service serves, so that
 * an agent of any version is accepted exactly when its report validates.
 */
@Component
class ReportValidator {

	static final String LOCATION = "classpath:static/openapi.yaml#/components/schemas/HostReport";

	private static final int MAX_ERRORS = 20;

	private final Schema schema = SchemaRegistry.withDialect(Dialects.getOpenApi31())
		.getSchema(SchemaLocation.of(LOCATION));

	void validate(JsonNode report) {
		List<Error> errors = this.schema.validate(report);
		if (errors.isEmpty()) {
			return;
		}
		List<FieldViolation> violations = errors.stream()
			.limit(MAX_ERRORS)
			.map((error) -> new FieldViolation("report" + error.getInstanceLocation(), error.getMessage()))
			.toList();
		throw ApiException.invalid(violations);
	}

}
