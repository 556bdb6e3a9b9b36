package dev.kfleet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An embedded PostgreSQL for {@link TestKfleetApplication} when no database is
 * configured. Its data lives in a temporary directory and is gone when the service stops;
 * set {@code SPRING_DATASOURCE_URL} to keep it.
 */
@TestConfiguration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.url", havingValue = "none-configured", matchIfMissing = true)
class DevDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DevDatabaseConfiguration.class);

	@Bean
	JdbcConnectionDetails embeddedDatabaseConnectionDetails() {
		TestDatabase database = TestDatabase.embedded();
		log.warn("No database configured (SPRING_DATASOURCE_URL is unset): running on an embedded PostgreSQL at {}. "
				+ "Its data is discarded when the service stops.", database.jdbcUrl());
		return new TestDatabaseConfiguration().testDatabaseConnectionDetails(database);
	}

}
