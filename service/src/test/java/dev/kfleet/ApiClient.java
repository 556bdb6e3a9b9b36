package dev.kfleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A plain HTTP client for the integration tests that checks every response against
 * {@code openapi.yaml}: the status must be documented for the operation, and the body
 * must match its schema. Paths are templates ({@code /api/v1/hosts/{id}}) filled with the
 * variables in order; a query string may follow.
 */
public final class ApiClient {

	private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final String base;

	private final @Nullable String token;

	private final boolean checked;

	public ApiClient(int port) {
		this("http://localhost:" + port, null, true);
	}

	private ApiClient(String base, @Nullable String token, boolean checked) {
		this.base = base;
		this.token = token;
		this.checked = checked;
	}

	/** The same client, calling with {@code token} as its bearer token. */
	public ApiClient as(@Nullable String token) {
		return new ApiClient(this.base, token, this.checked);
	}

	/** The same client without the contract checks (for benchmarks only). */
	public ApiClient withoutContractChecks() {
		return new ApiClient(this.base, this.token, false);
	}

	public ApiResponse get(String template, Object... variables) {
		return send("GET", template, null, null, variables);
	}

	public ApiResponse post(String template, String json, Object... variables) {
		return send("POST", template, "application/json", json, variables);
	}

	public ApiResponse put(String template, String json, Object... variables) {
		return send("PUT", template, "application/json", json, variables);
	}

	public ApiResponse patch(String template, String mergePatch, Object... variables) {
		return send("PATCH", template, "application/merge-patch+json", mergePatch, variables);
	}

	public ApiResponse delete(String template, Object... variables) {
		return send("DELETE", template, null, null, variables);
	}

	/** Any request; the response is checked against the contract. */
	public ApiResponse send(String method, String template, @Nullable String contentType, @Nullable String body,
			Object... variables) {
		return send(method, template, contentType, body, List.of(), variables);
	}

	/** Any request with extra headers (name, value, name, value…). */
	public ApiResponse send(String method, String template, @Nullable String contentType, @Nullable String body,
			List<String> headers, Object... variables) {
		String pathTemplate = template.contains("?") ? template.substring(0, template.indexOf('?')) : template;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + expand(template, variables)))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		for (int i = 0; i + 1 < headers.size(); i += 2) {
			request.header(headers.get(i), headers.get(i + 1));
		}
		ApiResponse response = exchange(request.build());
		if (this.checked) {
			check(method, pathTemplate, response);
		}
		return response;
	}

	private ApiResponse exchange(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request,
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new ApiResponse(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void check(String method, String pathTemplate, ApiResponse response) {
		OpenApiContract contract = OpenApiContract.get();
		if (contract.operations().contains(method + " " + pathTemplate)) {
			contract.assertResponseMatches(method, pathTemplate, response.status(), response.contentType(),
					response.body());
		}
		else if (response.status() >= 400) {
			contract.assertMatchesSchema("Problem", response.body());
		}
	}

	private static String expand(String template, Object... variables) {
		Matcher matcher = VARIABLE.matcher(template);
		StringBuilder path = new StringBuilder();
		List<Object> values = new ArrayList<>(List.of(variables));
		while (matcher.find()) {
			if (values.isEmpty()) {
				throw new IllegalArgumentException("No value for " + matcher.group() + " in " + template);
			}
			matcher.appendReplacement(path, Matcher.quoteReplacement(String.valueOf(values.removeFirst())));
		}
		matcher.appendTail(path);
		return path.toString();
	}

}
