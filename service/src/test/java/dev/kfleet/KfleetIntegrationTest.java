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
				"kfleet.hosts.heartbeat-flush-interval=300ms", "kfleet.desired-state.refresh-interval=300ms" })
@Import(TestDatabaseConfiguration.class)
public @interface KfleetIntegrationTest {

	/** The bootstrap admin token of the test service. */
	String ADMIN_TOKEN = "test-bootstrap-admin-token-0123456789";

}
