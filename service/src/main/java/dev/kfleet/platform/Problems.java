package dev.kfleet.platform;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Builds RFC 9457 problem documents, and writes them where no controller advice runs
 * (servlet filters, the security chain, the container's error page).
 */
@Component
public class Problems {

	/** What a 503 asks clients to wait, in seconds; agents add jitter of their own. */
	public static final String RETRY_AFTER_SECONDS = "5";

	/** What a request is told whose target or headers cannot be read as they are. */
	public static final String UNREADABLE_REQUEST = "The request has a query parameter that is not percent-encoded "
			+ "correctly, or a character in its path or a header value that is not allowed";

	private final JsonMapper json;

	Problems(JsonMapper json) {
		this.json = json;
	}

	/** A problem of the given kind, with a human-readable detail. */
	public static ProblemDetail of(ApiProblem problem, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), detail);
		body.setType(problem.type());
		body.setTitle(problem.title());
		return body;
	}

	/** A problem with the fields that are wrong listed under {@code errors}. */
	public static ProblemDetail of(ApiProblem problem, String detail, List<FieldViolation> violations) {
		ProblemDetail body = of(problem, detail);
		if (!violations.isEmpty()) {
			body.setProperty("errors", violations);
		}
		return body;
	}

	/** The kind of problem a bare HTTP status stands for. */
	public static ApiProblem forStatus(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> ApiProblem.INVALID_REQUEST;
			case 401 -> ApiProblem.UNAUTHENTICATED;
			case 403 -> ApiProblem.FORBIDDEN;
			case 404 -> ApiProblem.NOT_FOUND;
			case 405 -> ApiProblem.METHOD_NOT_ALLOWED;
			case 406 -> ApiProblem.NOT_ACCEPTABLE;
			case 409 -> ApiProblem.CONFLICT;
			case 412 -> ApiProblem.PRECONDITION_FAILED;
			case 413 -> ApiProblem.PAYLOAD_TOO_LARGE;
			case 415 -> ApiProblem.UNSUPPORTED_MEDIA_TYPE;
			case 429 -> ApiProblem.TOO_MANY_REQUESTS;
			case 503 -> ApiProblem.UNAVAILABLE;
			default -> (status.is4xxClientError()) ? ApiProblem.INVALID_REQUEST : ApiProblem.INTERNAL;
		};
	}

	/** Writes a problem straight to a servlet response. */
	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		if (problem.getInstance() == null) {
			problem.setInstance(URI.create(request.getRequestURI()));
		}
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
