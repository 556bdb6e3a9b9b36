package dev.kfleet.platform;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * What the operator API does around every {@link AuditedOperation} (ADR 0040). Before the
 * handler, it reads and checks the caller's {@link AuditReason#HEADER} (400 naming the
 * header when it is invalid) and keeps it for the audit events the request writes. When
 * the operation is refused (403, 409, 412) to an authenticated caller, it records the
 * refusal with {@link OperationRefusals} before the problem document is written, so that
 * a caller who got the answer finds the refusal in the log. Callers without a valid token
 * never get here (401 comes first), and each API token is rate-limited, so a refusal
 * costs at most one row per request that token may make, as a success does.
 */
@RestControllerAdvice
class AuditedOperations implements HandlerInterceptor, ResponseBodyAdvice<Object> {

	private static final Logger log = LoggerFactory.getLogger(AuditedOperations.class);

	/** The answers that refuse an operation: not allowed, conflicts with state, stale. */
	static final Set<Integer> REFUSALS = Set.of(403, 409, 412);

	/** A path variable's value that may stand in an action as it is. */
	private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]{0,31}");

	/** What stands in an action for a value that is not a word, or not listed. */
	private static final String UNKNOWN = "unknown";

	private final ObjectProvider<OperationRefusals> refusals;

	AuditedOperations(ObjectProvider<OperationRefusals> refusals) {
		this.refusals = refusals;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (operation(handler) != null) {
			String reason = AuditReason.read(request);
			if (reason != null) {
				request.setAttribute(AuditReason.ATTRIBUTE, reason);
			}
		}
		return true;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem && request instanceof ServletServerHttpRequest servletRequest
				&& response instanceof ServletServerHttpResponse servletResponse) {
			refused(servletRequest.getServletRequest(), servletResponse.getServletResponse().getStatus(), problem);
		}
		return body;
	}

	private void refused(HttpServletRequest request, int status, ProblemDetail problem) {
		AuditedOperation operation = operation(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE));
		ApiPrincipal caller = ApiPrincipal.current();
		OperationRefusals recorder = this.refusals.getIfAvailable();
		if (operation == null || caller == null || recorder == null || !REFUSALS.contains(status)) {
			return;
		}
		Map<?, ?> variables = (request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars) ? vars : Map.of();
		OperationRefusals.Refusal refusal = new OperationRefusals.Refusal(caller, action(operation, variables),
				operation.targetType(), targetId(variables, operation), status, type(problem), detail(problem),
				(request.getAttribute(AuditReason.ATTRIBUTE) instanceof String reason) ? reason : null);
		try {
			recorder.refused(refusal);
		}
		catch (RuntimeException failure) {
			log.warn("The refusal ({}) of {} to {} was not recorded in the audit log: {}", status, refusal.action(),
					caller, DatabaseFailures.describe(failure));
		}
	}

	/**
	 * The operation's action, its path variable (if it ends in one) replaced by the word
	 * its value records ({@link AuditedOperation#variableActions()}).
	 */
	static String action(AuditedOperation operation, Map<?, ?> variables) {
		String action = operation.action();
		int open = action.indexOf('{');
		if (open < 0) {
			return action;
		}
		String value = (variables.get(action.substring(open + 1, action.length() - 1)) instanceof String text) ? text
				: "";
		String word = WORD.matcher(value).matches() ? value : UNKNOWN;
		if (operation.variableActions().length > 0) {
			word = Arrays.stream(operation.variableActions())
				.filter((pair) -> pair.startsWith(value + "="))
				.map((pair) -> pair.substring(value.length() + 1))
				.findFirst()
				.orElse(UNKNOWN);
		}
		return action.substring(0, open) + word;
	}

	private static @Nullable AuditedOperation operation(@Nullable Object handler) {
		return (handler instanceof HandlerMethod method)
				? AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), AuditedOperation.class) : null;
	}

	/** The target in the path, a UUID in its canonical form. */
	private static @Nullable String targetId(Map<?, ?> variables, AuditedOperation operation) {
		if (operation.targetIdVariable().isEmpty()
				|| !(variables.get(operation.targetIdVariable()) instanceof String id)) {
			return null;
		}
		try {
			return UUID.fromString(id).toString();
		}
		catch (IllegalArgumentException notUuid) {
			return id;
		}
	}

	/** The problem type's last path segment: {@code desired-state-in-flight}. */
	private static @Nullable String type(ProblemDetail problem) {
		if (problem.getType() == null) {
			return null;
		}
		String type = problem.getType().toString();
		return type.substring(type.lastIndexOf('/') + 1);
	}

	private static @Nullable String detail(ProblemDetail problem) {
		String detail = problem.getDetail();
		if (detail == null || Text.length(detail) <= OperationRefusals.Refusal.MAX_DETAIL) {
			return detail;
		}
		return detail.substring(0, detail.offsetByCodePoints(0, OperationRefusals.Refusal.MAX_DETAIL - 1)) + "\u2026";
	}

}
