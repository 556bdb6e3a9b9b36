package dev.kfleet.platform;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AuditReasonTests {

	@AfterEach
	void forgetTheRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void theHeaderIsPrintableAsciiWithUtf8PercentEncoded() {
		assertThat(read("INC-4711: roll back, rack r12")).isEqualTo("INC-4711: roll back, rack r12");
		assertThat(read("%C3%a9t%C3%A9 100%25 %F0%9F%98%80")).isEqualTo("\u00e9t\u00e9 100% \uD83D\uDE00");
		assertThat(read("  padded  ")).isEqualTo("padded");
	}

	@Test
	void anAbsentEmptyOrBlankHeaderIsNoReason() {
		assertThat(AuditReason.read(new MockHttpServletRequest())).isNull();
		assertThat(read("")).isNull();
		assertThat(read("   ")).isNull();
		assertThat(read("%20%20")).isNull();
	}

	@Test
	void theLimitCountsCodePointsOnceDecoded() {
		assertThat(Text.length(read("%F0%9F%98%80".repeat(500)))).isEqualTo(500);
		assertThat(read("a".repeat(500))).hasSize(500);
		refused("a".repeat(501), "at most 500");
		refused("%F0%9F%98%80".repeat(501), "at most 500");
	}

	@Test
	void controlCharactersBadEncodingAndTwoHeadersAreRefusedNamingTheHeader() {
		for (String control : List.of("%00", "%0A", "%0D", "%09", "%1B", "%7F", "%C2%80", "%C2%9F", "%E2%80%A8",
				"%E2%80%A9")) {
			refused("a" + control + "b", "control characters");
		}
		refused("\u00e9", "printable ASCII");
		refused("tab\t", "printable ASCII");
		refused("50%", "percent-encoded byte");
		refused("50%2", "percent-encoded byte");
		refused("%G0", "percent-encoded byte");
		refused("%\u0661\u0662", "percent-encoded byte");
		refused("%FF", "UTF-8");
		refused("%C3", "UTF-8");
		refused("%ED%A0%80", "UTF-8");
		MockHttpServletRequest twice = new MockHttpServletRequest();
		twice.addHeader(AuditReason.HEADER, "one");
		twice.addHeader(AuditReason.HEADER, "two");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> AuditReason.read(twice))
			.withMessageContaining("once");
	}

	@Test
	void theCurrentReasonIsTheOneKeptForTheRequestThisThreadServes() {
		assertThat(AuditReason.current()).isNull();
		MockHttpServletRequest request = new MockHttpServletRequest();
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		assertThat(AuditReason.current()).isNull();
		request.setAttribute(AuditReason.ATTRIBUTE, "CHG-1");
		assertThat(AuditReason.current()).isEqualTo("CHG-1");
	}

	@Test
	void aReasonFromABodyFollowsTheSameRules() {
		assertThat(AuditReason.problem("fine \u00e9t\u00e9")).isNull();
		assertThat(AuditReason.problem("x".repeat(501))).contains("500");
		assertThat(AuditReason.problem("two\nlines")).contains("control");
	}

	private static String read(String header) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader(AuditReason.HEADER, header);
		return AuditReason.read(request);
	}

	private static void refused(String header, String message) {
		assertThatExceptionOfType(ApiException.class).as(header).isThrownBy(() -> read(header)).satisfies((ex) -> {
			assertThat(ex.problem()).isEqualTo(ApiProblem.INVALID_REQUEST);
			assertThat(ex.violations()).singleElement().satisfies((violation) -> {
				assertThat(violation.field()).isEqualTo(AuditReason.HEADER);
				assertThat(violation.message()).contains(message);
			});
		});
	}

}
