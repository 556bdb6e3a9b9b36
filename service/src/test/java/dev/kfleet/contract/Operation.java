package dev.kfleet.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.kfleet.OpenApiContract;

/**
 * One operation of {@code openapi.yaml}, as the contract-driven tests read it: its
 * parameters, its body's schema, which credential it takes and the least role it needs.
 *
 * @param id the operation id
 * @param method the HTTP method
 * @param path the path template
 * @param parameters path, query and header parameters (path-level ones included)
 * @param mediaType the body's media type, or {@code null} without a body
 * @param body the body's schema, or {@code null}
 * @param credential the kind of bearer credential it takes
 * @param role the least role ({@code x-kfleet-role}) for operator operations
 */
record Operation(String id, String method, String path, List<Parameter> parameters, @Nullable String mediaType,
		@Nullable JsonNode body, Credential credential, @Nullable String role) {

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

	/** The credentials of the contract's security schemes. */
	enum Credential {

		API_TOKEN, ENROLLMENT_SECRET, HOST_TOKEN;

		static Credential of(String scheme) {
			return switch (scheme) {
				case "apiToken" -> API_TOKEN;
				case "enrollmentSecret" -> ENROLLMENT_SECRET;
				case "hostToken" -> HOST_TOKEN;
				default -> throw new IllegalStateException("Unknown security scheme " + scheme);
			};
		}

	}

	/**
	 * A parameter.
	 *
	 * @param name its name
	 * @param in {@code path}, {@code query} or {@code header}
	 * @param schema its schema, references resolved
	 */
	record Parameter(String name, String in, JsonNode schema) {
	}

	/** Every operation of the contract, in a stable order (deletions last). */
	static List<Operation> all() {
		JsonNode document = OpenApiContract.get().document();
		List<Operation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				if (METHODS.contains(entry.getKey())) {
					operations.add(of(document, path.getKey(), path.getValue(), entry.getKey(), entry.getValue()));
				}
			}
		}
		operations.sort(Comparator.comparing((Operation op) -> "DELETE".equals(op.method()))
			.thenComparing(Operation::path)
			.thenComparing(Operation::method));
		return operations;
	}

	private static Operation of(JsonNode document, String path, JsonNode pathItem, String method, JsonNode node) {
		List<Parameter> parameters = new ArrayList<>();
		for (JsonNode list : List.of(pathItem.path("parameters"), node.path("parameters"))) {
			for (JsonNode parameter : list) {
				JsonNode resolved = Schemas.resolve(document, parameter);
				parameters.add(new Parameter(resolved.get("name").stringValue(), resolved.get("in").stringValue(),
						Schemas.resolve(document, resolved.get("schema"))));
			}
		}
		String mediaType = null;
		JsonNode body = null;
		JsonNode content = node.path("requestBody").path("content");
		if (!content.isMissingNode()) {
			mediaType = content.propertyNames().iterator().next();
			body = Schemas.resolve(document, content.get(mediaType).get("schema"));
		}
		JsonNode security = node.has("security") ? node.get("security") : document.get("security");
		Credential credential = Credential.of(security.get(0).propertyNames().iterator().next());
		String role = node.has("x-kfleet-role") ? node.get("x-kfleet-role").stringValue() : null;
		return new Operation(node.get("operationId").stringValue(), method.toUpperCase(Locale.ROOT), path, parameters,
				mediaType, body, credential, role);
	}

	@Override
	public String toString() {
		return this.method + " " + this.path;
	}

}
