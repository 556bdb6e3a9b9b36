package dev.kfleet.platform;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error report (for requests it refuses before Spring sees them, such as a
 * URL with broken percent-encoding) as a problem document instead of an HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String detail = (status >= 500) ? "An unexpected error occurred" : "The request could not be parsed";
		ApiProblem kind = Problems.forStatus(org.springframework.http.HttpStatusCode.valueOf(status));
		String body = "{\"type\":\"" + kind.type() + "\",\"title\":\"" + kind.title() + "\",\"status\":" + status
				+ ",\"detail\":\"" + detail + "\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response is committed: nothing more to say
		}
	}

}
