package dev.kfleet.platform;

import java.io.EOFException;

import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the handler answers for the exceptions no other handler takes.
 */
class ApiExceptionHandlerTests {

	private final ApiExceptionHandler handler = new ApiExceptionHandler();

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/agent/v1/check-in");

	@Test
	void aClientThatWentAwayIsNotAServerError() {
		assertThat(this.handler.handleUnexpected(new ClientAbortException(new EOFException()), this.request)).isNull();
	}

	@Test
	void anythingElseIsA500ThatLeaksNothing() {
		ResponseEntity<ProblemDetail> answer = this.handler
			.handleUnexpected(new IllegalStateException("secret internals"), this.request);
		assertThat(answer).isNotNull();
		assertThat(answer.getStatusCode().value()).isEqualTo(500);
		assertThat(answer.getBody().getDetail()).doesNotContain("secret");
	}

}
