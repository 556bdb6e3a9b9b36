package dev.kfleet.platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client error that a feature module raises; rendered as a problem document of the
 * given {@link ApiProblem} kind.
 */
public class ApiException extends RuntimeException {

	private final ApiProblem problem;

	private final List<FieldViolation> violations;

	private final Map<String, Object> properties;

	public ApiException(ApiProblem problem, String detail) {
		this(problem, detail, List.of());
	}

	public ApiException(ApiProblem problem, String detail, List<FieldViolation> violations) {
		this(problem, detail, violations, Map.of());
	}

	/**
	 * A problem with members of its own beside the standard ones (RFC 9457 §3.2), such as
	 * the hosts a conflict is about.
	 */
	public ApiException(ApiProblem problem, String detail, Map<String, Object> properties) {
		this(problem, detail, List.of(), properties);
	}

	private ApiException(ApiProblem problem, String detail, List<FieldViolation> violations,
			Map<String, Object> properties) {
		super(detail);
		this.problem = problem;
		this.violations = List.copyOf(violations);
		this.properties = new LinkedHashMap<>(properties);
	}

	public ApiProblem problem() {
		return this.problem;
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

	/** The problem's own members, in order. */
	public Map<String, Object> properties() {
		return Collections.unmodifiableMap(this.properties);
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
