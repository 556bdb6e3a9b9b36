package dev.kfleet;

import java.net.http.HttpHeaders;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A response the {@link ApiClient} received.
 *
 * @param status the HTTP status
 * @param headers the headers
 * @param body the body as text
 */
public record ApiResponse(int status, HttpHeaders headers, String body) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public JsonNode json() {
		return JSON.readTree(this.body);
	}

	public @Nullable String header(String name) {
		return this.headers.firstValue(name).orElse(null);
	}

	public @Nullable String contentType() {
		return header("Content-Type");
	}

}
