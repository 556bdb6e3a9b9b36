package dev.kfleet;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The whole service refuses to start with a bad configuration value, and its report names
 * the property ({@link ConfigurationPropertiesValidationTests} covers every record).
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationIntegrationTests {

	@Test
	void theServiceDoesNotStartWithACheckInIntervalBeyondWhatTheContractAllows(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> ServiceInstance.start(TestDatabase.shared(), Map.of("kfleet.hosts.check-in-interval", "2h"))
					.close());
		assertThat(output).contains("APPLICATION FAILED TO START", "Origin: \"kfleet.hosts.check-in-interval\"",
				"Reason: must be shorter than or equal to 2400 seconds");
	}

	@Test
	void theServiceDoesNotStartWithAnEmptyAgentRequestLimit(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> ServiceInstance.start(TestDatabase.shared(), Map.of("kfleet.agents.max-request-size", "0"))
					.close());
		assertThat(output).contains("APPLICATION FAILED TO START", "Origin: \"kfleet.agents.max-request-size\"",
				"Reason: must be a size larger than 0 bytes");
	}

}
