package dev.kfleet.platform;

import java.util.List;

/**
 * A client error that a feature module raises; rendered as a problem document of the
 * given {@link ApiProblem} kind.
 */
public class ApiException extends RuntimeException {

	private final ApiProblem problem;

	private final List<FieldViolation> violations;

	public ApiException(ApiProblem problem, String detail) {
		this(problem, detail, List.of());
	}

	public ApiException(ApiProblem problem, String detail, List<FieldViolation> violations) {
		super(detail);
		this.problem = problem;
		this.violations = List.copyOf(violations);
	}

	public ApiProblem problem() {
		return this.problem;
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

	/** The resource {@code what} with id {@code id} does not exist. */
	public static ApiException notFound(String what, Object id) {
		return new ApiException(ApiProblem.NOT_FOUND, what + " " + id + " does not exist");
	}

	/** One invalid field or parameter. */
	public static ApiException invalid(String field, String message) {
		return new ApiException(ApiProblem.INVALID_REQUEST, field + ": " + message,
				List.of(new FieldViolation(field, message)));
	}

	/** Several invalid fields or parameters. */
	public static ApiException invalid(List<FieldViolation> violations) {
		return new ApiException(ApiProblem.INVALID_REQUEST, violations.size() + " invalid field(s)", violations);
	}

	/** A request body that is not JSON of the expected shape, read by hand. */
	public static ApiException malformed(RuntimeException cause) {
		ApiException malformed = MalformedBody.of(cause);
		malformed.initCause(cause);
		return malformed;
	}

	public static ApiException conflict(String detail) {
		return new ApiException(ApiProblem.CONFLICT, detail);
	}

}
