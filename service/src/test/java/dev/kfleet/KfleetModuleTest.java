package dev.kfleet;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * One module started alone ({@code @ApplicationModuleTest}, ADR 0002) with
 * {@code platform}, on the shared real PostgreSQL ({@link TestDatabaseConfiguration}).
 * What the module needs of modules that are not started is mocked in the test or stood in
 * for ({@link StandIns}). Each such context is used by one test class: it is closed after
 * it, with a small pool, so that the module tests do not hold the database's connections
 * for the rest of the run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ApplicationModuleTest
@Import(TestDatabaseConfiguration.class)
@TestPropertySource(
		properties = { "spring.datasource.hikari.maximum-pool-size=4", "kfleet.hosts.heartbeat-flush-interval=300ms",
				"kfleet.desired-state.refresh-interval=300ms", "kfleet.reports.fleet-metrics-interval=500ms",
				"kfleet.reports.gauge-refresh-interval=200ms", "kfleet.jobs.polling-interval=200ms" })
@DirtiesContext
public @interface KfleetModuleTest {

	/** Which modules start with the one under test. */
	@AliasFor(annotation = ApplicationModuleTest.class, attribute = "mode")
	BootstrapMode mode() default BootstrapMode.STANDALONE;

}
