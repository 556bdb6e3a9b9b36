package dev.kfleet.agent.server;

import java.time.Duration;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTests {

	@Test
	void classifiesStatusesAsTransientUnauthorizedOrClientError() {
		assertThat(Problems.kind(401)).isEqualTo(ServerException.Kind.UNAUTHORIZED);
		for (int status : new int[] { 408, 429, 500, 502, 503, 504 }) {
			assertThat(Problems.kind(status)).isEqualTo(ServerException.Kind.TRANSIENT);
		}
		for (int status : new int[] { 400, 403, 404, 409, 413, 415, 302 }) {
			assertThat(Problems.kind(status)).isEqualTo(ServerException.Kind.CLIENT_ERROR);
		}
	}

	@Test
	void theDetailALogLineGetsIsBounded() {
		String detail = Problems.detail(500, "{\"detail\":\"" + "d".repeat(10_000) + "\"}",
				(java.util.Map<?, ?>) dev.kfleet.agent.json.JsonReader
					.parse("{\"detail\":\"" + "d".repeat(10_000) + "\"}"));
		assertThat(detail).hasSize(Problems.MAX_DETAIL + 1).endsWith("d…");
		assertThat(Problems.detail(502, "<html>" + "x".repeat(10_000), java.util.Map.of()))
			.hasSize(Problems.MAX_DETAIL + 1);
		assertThat(Problems.detail(502, "  ", java.util.Map.of())).isEqualTo("HTTP 502 with an empty body");
	}

	@Test
	void readsRetryAfterInSecondsOrAsAnHttpDate() {
		ZonedDateTime now = ZonedDateTime.parse("2026-11-27T10:00:00Z");
		assertThat(Problems.parseRetryAfter("120", now)).contains(Duration.ofSeconds(120));
		assertThat(Problems.parseRetryAfter("Fri, 27 Nov 2026 10:01:30 GMT", now)).contains(Duration.ofSeconds(90));
		assertThat(Problems.parseRetryAfter("Fri, 27 Nov 2026 09:00:00 GMT", now)).contains(Duration.ZERO);
		assertThat(Problems.parseRetryAfter("soon", now)).isEmpty();
		assertThat(Problems.parseRetryAfter("-3", now)).isEmpty();
	}

}
