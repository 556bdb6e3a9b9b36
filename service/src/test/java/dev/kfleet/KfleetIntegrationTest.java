package dev.kfleet;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port over the shared test database. Every test class with
 * this annotation shares one application context (and one database).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kfleet.tokens.bootstrap-admin-token=" + KfleetIntegrationTest.ADMIN_TOKEN,
				"kfleet.hosts.heartbeat-flush-interval=300ms", "kfleet.desired-state.refresh-interval=300ms",
				"kfleet.reports.fleet-metrics-interval=500ms", "kfleet.reports.gauge-refresh-interval=200ms",
				"kfleet.jobs.polling-interval=200ms",
				// The tests send far more than any caller should;
				// RateLimitsIntegrationTests
				// checks the limits with its own.
				"kfleet.rate-limits.agent-burst=1000000", "kfleet.rate-limits.enroll-burst=1000000",
				"kfleet.rate-limits.operator-burst=1000000", "kfleet.rate-limits.agent-requests-per-second=1000000",
				"kfleet.rate-limits.enroll-requests-per-second=1000000",
				"kfleet.rate-limits.operator-requests-per-second=1000000" })
@Import(TestDatabaseConfiguration.class)
public @interface KfleetIntegrationTest {

	/** The bootstrap admin token of the test service. */
	String ADMIN_TOKEN = "test-bootstrap-admin-token-0123456789";

}
