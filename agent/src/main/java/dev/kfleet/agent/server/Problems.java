package dev.kfleet.agent.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import dev.kfleet.agent.json.JsonException;
import dev.kfleet.agent.json.JsonReader;

/**
 * Turns an error response into a {@link ServerException}: the kind from the status, the
 * detail from the RFC 9457 problem document (or the start of the body), and
 * {@code Retry-After}.
 */
final class Problems {

	private static final int MAX_BODY_IN_DETAIL = 200;

	private Problems() {
	}

	static ServerException failure(HttpResponse<String> response) {
		int status = response.statusCode();
		return new ServerException(kind(status), status, detail(response), retryAfter(response));
	}

	static ServerException.Kind kind(int status) {
		if (status == 401) {
			return ServerException.Kind.UNAUTHORIZED;
		}
		if (status == 408 || status == 429 || (status >= 500 && status <= 599)) {
			return ServerException.Kind.TRANSIENT;
		}
		return ServerException.Kind.CLIENT_ERROR;
	}

	static String detail(HttpResponse<String> response) {
		String body = (response.body() != null) ? response.body().strip() : "";
		try {
			if (JsonReader.parse(body) instanceof Map<?, ?> problem) {
				Object detail = problem.get("detail");
				Object title = problem.get("title");
				if (detail instanceof String text && !text.isBlank()) {
					return text;
				}
				if (title instanceof String text && !text.isBlank()) {
					return text;
				}
			}
		}
		catch (JsonException ex) {
			// not a problem document: use the body's start below
		}
		if (body.isEmpty()) {
			return "HTTP " + response.statusCode() + " with an empty body";
		}
		return (body.length() > MAX_BODY_IN_DETAIL) ? body.substring(0, MAX_BODY_IN_DETAIL) + "…" : body;
	}

	static Optional<Duration> retryAfter(HttpResponse<String> response) {
		return response.headers().firstValue("Retry-After").flatMap((value) -> parseRetryAfter(value, null));
	}

	static Optional<Duration> parseRetryAfter(String value, ZonedDateTime now) {
		String text = value.strip();
		try {
			long seconds = Long.parseLong(text);
			return (seconds >= 0) ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
		}
		catch (NumberFormatException ex) {
			// an HTTP date
		}
		try {
			ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
			Duration wait = Duration.between((now != null) ? now : ZonedDateTime.now(at.getZone()), at);
			return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

}
