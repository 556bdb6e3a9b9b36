package dev.kfleet;

import dev.kfleet.agents.AgentsProperties;
import dev.kfleet.audit.AuditProperties;
import dev.kfleet.desiredstate.DesiredStateProperties;
import dev.kfleet.observations.HostProperties;
import dev.kfleet.platform.ApiProperties;
import dev.kfleet.platform.DatabaseProperties;
import dev.kfleet.platform.RateLimitProperties;
import dev.kfleet.platform.SecurityProperties;
import dev.kfleet.reports.ReportsProperties;
import dev.kfleet.tokens.TokenProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every {@code kfleet.*} configuration record is validated when the application starts: a
 * bad value stops it, and the report Spring Boot prints names the property (its
 * {@code Origin}), the value and what is wrong. The application here binds the records
 * alone (no web server, no database); {@link InvalidConfigurationIntegrationTests} starts
 * the whole service.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationPropertiesValidationTests {

	@Test
	void theDefaultsAreValid() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBean(HostProperties.class).checkInInterval()).hasSeconds(30);
		}
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			kfleet.hosts.check-in-interval          | 0s     | must be longer than or equal to 1 second
			kfleet.hosts.check-in-interval          | 2h     | must be shorter than or equal to 2400 seconds
			kfleet.hosts.check-in-jitter            | 0.9    | must be less than or equal to 0.5
			kfleet.hosts.stale-after-intervals      | 0      | must be greater than or equal to 1
			kfleet.hosts.heartbeat-flush-interval   | -5s    | must be longer than or equal to 1 milli
			kfleet.agents.max-request-size          | 0KB    | must be a size larger than 0 bytes
			kfleet.agents.token-cache-ttl           | 0s     | must be longer than or equal to 1 milli
			kfleet.agents.secret-last-used-resolution | -1m  | must be longer than or equal to 0
			kfleet.api.max-request-size             | -1MB   | must be a size larger than 0 bytes
			kfleet.api.default-page-size            | 0      | must be greater than or equal to 1
			kfleet.api.max-page-size                | 100000 | must be less than or equal to 10000
			kfleet.desired-state.refresh-interval   | 0ms    | must be longer than or equal to 1 milli
			kfleet.desired-state.max-staleness      | -10s   | must be longer than or equal to 1 milli
			kfleet.database.probe-interval          | 0s     | must be longer than or equal to 1 milli
			kfleet.database.probe-timeout           | 0s     | must be longer than or equal to 1 milli
			kfleet.tokens.last-used-resolution      | -1s    | must be longer than or equal to 0
			kfleet.tokens.bootstrap-admin-token     | short  | size must be between 24 and 512
			kfleet.rate-limits.agent-burst          | 0      | must be greater than or equal to 1
			kfleet.audit.retention                  | 23h    | must be longer than or equal to 1 day
			kfleet.reports.metrics-max-groups       | 0      | must be greater than or equal to 1
			kfleet.reports.metrics-group-label      | a b    | must be a label key
			kfleet.reports.history-retention        | 12h    | must be longer than or equal to 1 day
			kfleet.reports.history-interval         | 0s     | must be longer than or equal to 1 milli
			kfleet.reports.group-label-keys         | a,b,c,d,e,f,g,h,i,j,k | size must be between 0 and 10
			""")
	void aBadValueStopsTheStartWithAReportNamingTheProperty(String property, String value, String reason,
			CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(property + "=" + value).close());
		assertThat(output).contains("APPLICATION FAILED TO START", "Origin: \"" + property + "\"", "Reason: " + reason);
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(Records.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	@EnableConfigurationProperties({ AgentsProperties.class, ApiProperties.class, AuditProperties.class,
			DatabaseProperties.class, DesiredStateProperties.class, HostProperties.class, RateLimitProperties.class,
			ReportsProperties.class, SecurityProperties.class, TokenProperties.class })
	@ImportAutoConfiguration(ValidationAutoConfiguration.class)
	static class Records {

	}

}
