package dev.kfleet.agent.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.kfleet.agent.json.JsonException;
import dev.kfleet.agent.json.JsonReader;

/**
 * Turns an error response into a {@link ServerException}: the kind from the status, the
 * detail from the RFC 9457 problem document (or the start of the body), bounded, the
 * request an enrollment made for approval (409 {@code enrollment-approval-required}), and
 * {@code Retry-After}.
 */
final class Problems {

	/** The longest detail taken from an error: it ends up in a log line. */
	static final int MAX_DETAIL = 300;

	static final String APPROVAL_REQUIRED = "enrollment-approval-required";

	private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");

	private static final Pattern STATE = Pattern.compile("pending|rejected");

	private Problems() {
	}

	static ServerException failure(HttpResponse<String> response) {
		int status = response.statusCode();
		Map<?, ?> problem = problem(response.body());
		Optional<ApprovalRequest> approval = approval(status, problem);
		ServerException.Kind kind = approval.isPresent() ? ServerException.Kind.APPROVAL_REQUIRED : kind(status);
		return new ServerException(kind, status, detail(status, response.body(), problem), retryAfter(response),
				approval);
	}

	/**
	 * Tells whether a 400 names {@code hostToken} or {@code requestKey} as an unknown
	 * field: the service predates the enrollment proof.
	 */
	static boolean unknownProofMembers(HttpResponse<String> response) {
		if (response.statusCode() != 400) {
			return false;
		}
		String detail = detail(400, response.body(), problem(response.body()));
		return detail.startsWith("Unknown field 'hostToken'") || detail.startsWith("Unknown field 'requestKey'");
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

	/** The body as a problem document, or empty when it is not one. */
	private static Map<?, ?> problem(String body) {
		try {
			return (body != null && JsonReader.parse(body.strip()) instanceof Map<?, ?> map) ? map : Map.of();
		}
		catch (JsonException ex) {
			return Map.of();
		}
	}

	/**
	 * What a log line may say about an error: the problem's {@code detail} (or its
	 * {@code title}, or the start of the body), at most {@value #MAX_DETAIL} characters.
	 */
	static String detail(int status, String body, Map<?, ?> problem) {
		for (String member : new String[] { "detail", "title" }) {
			if (problem.get(member) instanceof String text && !text.isBlank()) {
				return bounded(text);
			}
		}
		String text = (body != null) ? body.strip() : "";
		return text.isEmpty() ? "HTTP " + status + " with an empty body" : bounded(text);
	}

	static String bounded(String text) {
		if (text.length() <= MAX_DETAIL || text.codePointCount(0, text.length()) <= MAX_DETAIL) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, MAX_DETAIL)) + "…";
	}

	/**
	 * The request an enrollment made for an operator's approval
	 * ({@code EnrollmentApprovalProblem}); members that break the contract are left out.
	 */
	private static Optional<ApprovalRequest> approval(int status, Map<?, ?> problem) {
		if (status != 409 || !(problem.get("type") instanceof String type) || !type.endsWith("/" + APPROVAL_REQUIRED)) {
			return Optional.empty();
		}
		return Optional.of(new ApprovalRequest(matching(problem.get("requestId"), Bounds::isUuid),
				matching(problem.get("fingerprint"), FINGERPRINT.asMatchPredicate()),
				matching(problem.get("requestState"), STATE.asMatchPredicate())));
	}

	private static Optional<String> matching(Object value, Predicate<String> valid) {
		return (value instanceof String text && valid.test(text)) ? Optional.of(text) : Optional.empty();
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
