package dev.kfleet.platform;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error report (for requests it refuses before Spring sees them, such as a
 * URL with broken percent-encoding) as a problem document instead of an HTML page,
 * written by the application's JSON mapper as every other problem is.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private final JsonMapper json;

	ProblemErrorReportValve(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		try {
			String body = this.json.writeValueAsString(problem(status));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException | JacksonException ex) {
			// the client is gone or the response is committed: nothing more to say
		}
	}

	/** The problem for a status Tomcat set itself: no request detail is known. */
	static ProblemDetail problem(int status) {
		String detail = (status >= 500) ? "An unexpected error occurred" : "The request could not be parsed";
		return Problems.of(Problems.forStatus(HttpStatusCode.valueOf(status)), detail);
	}

}
