package dev.kfleet;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A schema of its own in the test database, migrated up to a chosen version, for tests of
 * one migration over rows written before it.
 *
 * @param name the schema's name
 * @param dataSource the test database
 */
public record ScratchSchema(String name, DataSource dataSource) {

	/** Migrates the schema up to {@code target}, or to the latest version when null. */
	public void migrateTo(@Nullable String target) {
		Flyway.configure()
			.dataSource(this.dataSource)
			.schemas(this.name)
			.locations("classpath:db/migration")
			.target((target != null) ? target : "latest")
			.load()
			.migrate();
	}

	public void drop() {
		JdbcClient.create(this.dataSource).sql("DROP SCHEMA IF EXISTS " + this.name + " CASCADE").update();
	}

}
