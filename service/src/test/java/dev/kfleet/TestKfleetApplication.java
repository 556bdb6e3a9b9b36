package dev.kfleet;

import org.springframework.boot.SpringApplication;

/**
 * Runs the service for development and for the README's quick start
 * ({@code ./mvnw -pl service -am spring-boot:test-run}): when no database is configured
 * ({@code SPRING_DATASOURCE_URL} unset) it starts on an embedded PostgreSQL.
 */
public final class TestKfleetApplication {

	private TestKfleetApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(KfleetApplication::main).with(DevDatabaseConfiguration.class).run(args);
	}

}
