package dev.kfleet.platform;

import java.net.URI;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * The container's error page ({@code /error}) as a problem document, for errors that
 * happen before a controller is reached (a malformed URL, say). Asked for directly, with
 * any method, {@code /error} is a path like any other that does not exist: 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

	private final ErrorAttributes errorAttributes;

	ProblemErrorController(ErrorAttributes errorAttributes) {
		this.errorAttributes = errorAttributes;
	}

	@RequestMapping(path = "${server.error.path:${error.path:/error}}",
			produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, "*/*" })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
			ProblemDetail notFound = Problems.of(ApiProblem.NOT_FOUND, "No such path");
			notFound.setInstance(URI.create(request.getRequestURI()));
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(notFound);
		}
		Map<String, Object> attributes = this.errorAttributes.getErrorAttributes(new ServletWebRequest(request),
				ErrorAttributeOptions.defaults());
		HttpStatus status = status(attributes.get("status"));
		ApiProblem kind = Problems.forStatus(status);
		String detail = (status.is5xxServerError()) ? "An unexpected error occurred; it has been logged"
				: String.valueOf(attributes.getOrDefault("error", status.getReasonPhrase()));
		ProblemDetail problem = Problems.of(kind, detail);
		problem.setStatus(status);
		if (attributes.get("path") instanceof String path) {
			problem.setInstance(URI.create(path));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static HttpStatus status(Object value) {
		if (value instanceof Integer code) {
			HttpStatus status = HttpStatus.resolve(code);
			if (status != null) {
				return status;
			}
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

}
