package dev.kfleet.platform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.CoyoteAdapter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.coyote.http11.HttpOutputBuffer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problem documents Tomcat's own error reports become, on Tomcat's real response
 * objects with the body captured where the socket would be.
 */
class ProblemErrorReportValveTests {

	private final JsonMapper json = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	private final ProblemErrorReportValve valve = new ProblemErrorReportValve(this.json);

	private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

	@Test
	void aRefused400IsAnInvalidRequestProblem() {
		Response response = errorResponse(400);
		this.valve.report(null, response, null);
		assertThat(response.getContentType()).isEqualTo("application/problem+json;charset=UTF-8");
		JsonNode problem = this.json.readTree(this.sent.toString(StandardCharsets.UTF_8));
		assertThat(problem.propertyNames()).containsExactlyInAnyOrder("type", "title", "status", "detail");
		assertThat(problem.get("type").stringValue()).isEqualTo("https://kfleet.dev/problems/invalid-request");
		assertThat(problem.get("title").stringValue()).isEqualTo(ApiProblem.INVALID_REQUEST.title());
		assertThat(problem.get("status").intValue()).isEqualTo(400);
		assertThat(problem.get("detail").stringValue()).isEqualTo("The request could not be parsed");
	}

	@Test
	void aStatusOfItsOwnKeepsItsKindAndA5xxSaysNothingOfTheCause() {
		Response notAllowed = errorResponse(405);
		this.valve.report(null, notAllowed, new IllegalStateException("secret internals"));
		assertThat(this.json.readTree(this.sent.toString(StandardCharsets.UTF_8)).get("type").stringValue())
			.isEqualTo(ApiProblem.METHOD_NOT_ALLOWED.type().toString());
		this.sent.reset();
		this.valve.report(null, errorResponse(500), new IllegalStateException("secret internals"));
		String body = this.sent.toString(StandardCharsets.UTF_8);
		assertThat(this.json.readTree(body).get("detail").stringValue()).isEqualTo("An unexpected error occurred");
		assertThat(body).doesNotContain("secret");
	}

	@Test
	void itWritesNothingBelow400OrWhenTheErrorWasReportedAlready() {
		this.valve.report(null, errorResponse(302), null);
		Response reported = errorResponse(400);
		reported.setErrorReported();
		this.valve.report(null, reported, null);
		assertThat(this.sent.size()).isZero();
	}

	private Response errorResponse(int status) {
		org.apache.coyote.Response coyote = new org.apache.coyote.Response();
		coyote.setOutputBuffer(new CapturingOutputBuffer(this.sent));
		org.apache.coyote.Request coyoteRequest = new org.apache.coyote.Request();
		coyoteRequest.setResponse(coyote);
		coyoteRequest.setNote(CoyoteAdapter.ADAPTER_NOTES, new Request(null, coyoteRequest));
		Response response = new Response(coyote);
		response.setStatus(status);
		response.setError();
		return response;
	}

	private record CapturingOutputBuffer(ByteArrayOutputStream sent) implements HttpOutputBuffer {

		@Override
		public int doWrite(ByteBuffer chunk) {
			int length = chunk.remaining();
			byte[] bytes = new byte[length];
			chunk.get(bytes);
			this.sent.writeBytes(bytes);
			return length;
		}

		@Override
		public long getBytesWritten() {
			return this.sent.size();
		}

		@Override
		public void end() {
		}

		@Override
		public void flush() {
		}

	}

}
