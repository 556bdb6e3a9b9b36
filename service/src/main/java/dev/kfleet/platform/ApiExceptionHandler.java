package dev.kfleet.platform;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every exception that reaches a controller into an RFC 9457 problem document.
 * Client mistakes get a 4xx with a detail that says what to fix; anything else is logged
 * and answered with a 500 that leaks nothing.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> handleApiException(ApiException ex) {
		ProblemDetail body = Problems.of(ex.problem(), ex.getMessage(), ex.violations());
		ex.properties().forEach(body::setProperty);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.problem().status());
		if (ex.problem() == ApiProblem.UNAVAILABLE) {
			response.header(HttpHeaders.RETRY_AFTER, Problems.RETRY_AFTER_SECONDS);
		}
		return response.body(body);
	}

	/**
	 * A body read by a handler itself (not by a message converter) went over its limit.
	 */
	@ExceptionHandler(RequestTooLargeException.class)
	ResponseEntity<ProblemDetail> handleTooLarge(RequestTooLargeException ex) {
		return handleApiException(new ApiException(ApiProblem.PAYLOAD_TOO_LARGE, ex.getMessage()));
	}

	/**
	 * A constraint on a handler's parameter, checked by a validation proxy rather than by
	 * Spring MVC.
	 */
	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException ex) {
		List<FieldViolation> violations = ex.getConstraintViolations()
			.stream()
			.map((violation) -> new FieldViolation(lastNode(violation.getPropertyPath()), violation.getMessage()))
			.toList();
		return handleApiException(ApiException.invalid(violations));
	}

	/**
	 * A query parameter that is not percent-encoded correctly (Tomcat), or a header value
	 * the firewall refuses (Spring Security, on reading it).
	 */
	@ExceptionHandler({ InvalidParameterException.class, RequestRejectedException.class })
	ResponseEntity<ProblemDetail> handleUnreadableRequest(RuntimeException ex) {
		return handleApiException(new ApiException(ApiProblem.INVALID_REQUEST, Problems.UNREADABLE_REQUEST));
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> handleAccessDenied(AccessDeniedException ex) {
		ProblemDetail body = Problems.of(ApiProblem.FORBIDDEN, "The token's role does not allow this operation");
		return ResponseEntity.status(ApiProblem.FORBIDDEN.status()).body(body);
	}

	/**
	 * The database could not be reached, dropped the connection, or could not begin,
	 * commit or roll back a transaction ({@link DatabaseFailures#isUnavailable}): 503
	 * with {@code Retry-After}, and one log line without a stack trace (an outage makes
	 * thousands of them). Any other database failure is unexpected.
	 */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	@Nullable ResponseEntity<ProblemDetail> handleDatabaseFailure(Exception ex, HttpServletRequest request) {
		if (!DatabaseFailures.isUnavailable(ex)) {
			return handleUnexpected(ex, request);
		}
		log.warn("Database unavailable while serving {} {}: {}", request.getMethod(), request.getRequestURI(),
				DatabaseFailures.describe(ex));
		return handleApiException(new ApiException(ApiProblem.UNAVAILABLE, "The database is unavailable; retry later"));
	}

	/**
	 * Anything else is a bug: 500, logged with its stack trace. Except a client that went
	 * away while its request was read or its response written (an agent stopped, a closed
	 * connection): nothing can be answered, and it is not the service's error, so one
	 * debug line.
	 */
	@ExceptionHandler(Exception.class)
	@Nullable ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) {
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			log.debug("Client went away while {} {} was served: {}", request.getMethod(), request.getRequestURI(),
					ex.toString());
			return null;
		}
		log.error("Unexpected error serving {} {}", request.getMethod(), request.getRequestURI(), ex);
		ProblemDetail body = Problems.of(ApiProblem.INTERNAL, "An unexpected error occurred; it has been logged");
		return ResponseEntity.internalServerError().body(body);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestTooLargeException tooLarge = RequestTooLargeException.findIn(ex);
		if (tooLarge != null) {
			return problem(Problems.of(ApiProblem.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
		}
		ApiException malformed = MalformedBody.of(ex);
		return problem(Problems.of(malformed.problem(), malformed.getMessage(), malformed.violations()));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = ex.getFieldErrors()
			.stream()
			.map((error) -> new FieldViolation(error.getField(), String.valueOf(error.getDefaultMessage())))
			.toList();
		return problem(Problems.of(ApiProblem.INVALID_REQUEST, violations.size() + " invalid field(s)", violations));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldViolation(result.getMethodParameter().getParameterName() + "",
						String.valueOf(error.getDefaultMessage()))))
			.toList();
		return problem(
				Problems.of(ApiProblem.INVALID_REQUEST, violations.size() + " invalid parameter(s)", violations));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "parameter";
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		String message = Instant.class.equals(ex.getRequiredType()) ? Instants.RULE
				: "'" + Text.escapeControlCharacters(String.valueOf(ex.getValue())) + "' is not a valid " + expected;
		return problem(Problems.of(ApiProblem.INVALID_REQUEST, name + ": " + message,
				List.of(new FieldViolation(name, message))));
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			ApiProblem kind = Problems.forStatus(statusCode);
			if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
				problem.setType(kind.type());
				problem.setTitle(kind.title());
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static String lastNode(Path path) {
		String name = "parameter";
		for (Path.Node node : path) {
			name = String.valueOf(node.getName());
		}
		return name;
	}

	private static ResponseEntity<Object> problem(ProblemDetail body) {
		return ResponseEntity.status(body.getStatus()).body(body);
	}

}
