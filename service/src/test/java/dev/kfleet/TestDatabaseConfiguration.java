package dev.kfleet;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The single test configuration that gives every integration test the same real
 * PostgreSQL (see {@link TestDatabase}), so that Spring's context cache shares one
 * database per JVM.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

	@Bean
	JdbcConnectionDetails testDatabaseConnectionDetails() {
		return testDatabaseConnectionDetails(TestDatabase.shared());
	}

	JdbcConnectionDetails testDatabaseConnectionDetails(TestDatabase database) {
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return database.jdbcUrl();
			}

			@Override
			public String getUsername() {
				return database.username();
			}

			@Override
			public String getPassword() {
				return database.password();
			}

		};
	}

}
