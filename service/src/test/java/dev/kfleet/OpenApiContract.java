package dev.kfleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code openapi.yaml} as the tests see it: the operations it declares, and the schema
 * each documented response must match.
 */
public final class OpenApiContract {

	static final String LOCATION = "classpath:static/openapi.yaml";

	private static final OpenApiContract INSTANCE = new OpenApiContract();

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

	private final JsonNode document;

	private final SchemaRegistry schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31());

	private final Map<String, Schema> cache = new ConcurrentHashMap<>();

	private OpenApiContract() {
		try (InputStream in = OpenApiContract.class.getResourceAsStream("/static/openapi.yaml")) {
			if (in == null) {
				throw new IllegalStateException("openapi.yaml is not on the test classpath");
			}
			this.document = YAMLMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static OpenApiContract get() {
		return INSTANCE;
	}

	public JsonNode document() {
		return this.document;
	}

	/** Every operation, as {@code "GET /api/v1/hosts/{id}"}. */
	public Set<String> operations() {
		Set<String> operations = new TreeSet<>();
		for (Map.Entry<String, JsonNode> path : this.document.get("paths").properties()) {
			for (String method : path.getValue().propertyNames()) {
				if (METHODS.contains(method)) {
					operations.add(method.toUpperCase() + " " + path.getKey());
				}
			}
		}
		return operations;
	}

	/**
	 * Asserts that a real response is documented for the operation and matches the schema
	 * of its status and media type.
	 */
	public void assertResponseMatches(String method, String path, int status, @Nullable String contentType,
			String body) {
		JsonNode operation = this.document.path("paths").path(path).path(method.toLowerCase());
		if (operation.isMissingNode()) {
			fail("openapi.yaml has no operation " + method + " " + path);
		}
		String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase() + "/responses/" + status;
		JsonNode response = this.document.at(pointer);
		if (response.isMissingNode() && status >= 400 && operation.path("responses").has("default")) {
			pointer = "/paths/" + escape(path) + "/" + method.toLowerCase() + "/responses/default";
			response = this.document.at(pointer);
		}
		if (response.isMissingNode()) {
			fail(method + " " + path + " answered " + status + ", which openapi.yaml does not document: " + body);
		}
		if (response.has("$ref")) {
			pointer = response.get("$ref").stringValue().substring(1);
			response = this.document.at(pointer);
		}
		if (!response.has("content")) {
			assertThat(body).as("%s %s %s has no documented body", method, path, status).isEmpty();
			return;
		}
		String mediaType = mediaType(contentType);
		assertThat(response.get("content").has(mediaType))
			.as("%s %s %s answered %s, documented: %s", method, path, status, mediaType,
					response.get("content").propertyNames())
			.isTrue();
		validate(pointer + "/content/" + escape(mediaType) + "/schema", body);
	}

	/** Asserts that a body matches the component schema {@code name}. */
	public void assertMatchesSchema(String name, String body) {
		validate("/components/schemas/" + name, body);
	}

	private void validate(String pointer, String body) {
		Schema schema = this.cache.computeIfAbsent(pointer,
				(p) -> this.schemas.getSchema(SchemaLocation.of(LOCATION + "#" + p)));
		List<Error> errors = schema.validate(body, InputFormat.JSON);
		assertThat(errors).as("response does not match openapi.yaml at %s: %s", pointer, abbreviate(body)).isEmpty();
	}

	private static String mediaType(@Nullable String contentType) {
		if (contentType == null) {
			return "";
		}
		int semicolon = contentType.indexOf(';');
		return ((semicolon >= 0) ? contentType.substring(0, semicolon) : contentType).trim();
	}

	private static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

	private static String abbreviate(String body) {
		return (body.length() > 2000) ? body.substring(0, 2000) + "…" : body;
	}

}
