package dev.kfleet.agents;

import java.nio.charset.StandardCharsets;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.FieldViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CheckInRequestTests {

	static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	static final String HASH = "a".repeat(64);

	static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	@Test
	void keepsTheReportExactlyAsSent() {
		String report = "{ \"b\" : [1, 2.50, {\"é\":\"\\u00e9 ✓\"}],\n \"a\":null }";
		CheckInRequest request = read("{\"agentVersion\":\"0.1.0\",\"sequence\":7,\"reportHash\":\"" + HASH
				+ "\",\n  \"report\" :  " + report + " , \"actionResults\":[]}");
		assertThat(request.reportText()).isEqualTo(report);
		assertThat(request.report().at("/b/2/é").stringValue()).isEqualTo("é ✓");
		assertThat(request.sequence()).isEqualTo(7);
		assertThat(request.agentVersion()).isEqualTo("0.1.0");
		assertThat(request.results()).isEmpty();
	}

	@Test
	void theHashMustBeTheHashOfTheReportSent() {
		String report = "{\"schemaVersion\": 1}";
		CheckInRequest honest = read("{\"agentVersion\":\"0.1.0\",\"sequence\":1,\"reportHash\":\""
				+ AgentReports.sha256(report) + "\",\"report\":" + report + "}");
		honest.check(VALIDATOR);
		CheckInRequest wrong = read("{\"agentVersion\":\"0.1.0\",\"sequence\":1,\"reportHash\":\""
				+ AgentReports.sha256(report.replace(" ", "")) + "\",\"report\":" + report + "}");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> wrong.check(VALIDATOR))
			.satisfies((ex) -> assertThat(ex.violations())
				.containsExactly(new FieldViolation("reportHash", "is not the SHA-256 of the report sent")));
	}

	@Test
	void aCheckInWithoutReportOrWithANullOneHasNone() {
		assertThat(read("{\"agentVersion\":\"0.1.0\",\"sequence\":7,\"reportHash\":\"" + HASH + "\"}").report())
			.isNull();
		CheckInRequest nullReport = read("{\"report\":null,\"sequence\":1}");
		assertThat(nullReport.report()).isNull();
		assertThat(nullReport.reportText()).isNull();
	}

	@Test
	void aReportThatIsNotAnObjectIsLeftToTheSchema() {
		CheckInRequest request = read("{\"report\":5}");
		assertThat(request.report().isNumber()).isTrue();
		assertThat(request.reportText()).isEqualTo("5");
	}

	@Test
	void refusesWhatIsNotACheckIn() {
		assertInvalid("{\"sequence\":1,\"sequence\":2}", "sequence");
		assertInvalid("{\"reportHash\":\"x\",\"extra\":1}", "extra");
		assertInvalid("{\"agentVersion\":1}", "agentVersion");
		assertInvalid("{\"sequence\":\"1\"}", "sequence");
		assertInvalid("{\"sequence\":1.5}", "sequence");
		assertInvalid("{\"sequence\":18446744073709551616}", "sequence");
	}

	@Test
	void malformedJsonIsAMalformedBody() {
		for (String body : new String[] { "", "[]", "{\"sequence\":1} {}", "{\"sequence\":", "{\"report\":{\"a\":}}",
				"{\"actionResults\":{}}", "{\"actionResults\":[{\"nope\":1}]}" }) {
			assertThatExceptionOfType(ApiException.class).as(body)
				.isThrownBy(() -> read(body))
				.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(ApiProblem.MALFORMED_BODY));
		}
	}

	private static CheckInRequest read(String body) {
		return CheckInRequest.read(body.getBytes(StandardCharsets.UTF_8), new CheckInRequest.Reader(JSON));
	}

	private static void assertInvalid(String body, String field) {
		assertThatExceptionOfType(ApiException.class).as(body)
			.isThrownBy(() -> read(body))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(ApiProblem.INVALID_REQUEST))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(FieldViolation::field).containsExactly(field));
	}

}
