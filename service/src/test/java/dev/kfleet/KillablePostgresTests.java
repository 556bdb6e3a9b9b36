package dev.kfleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The harness itself: a real PostgreSQL that a test crashes, restarts and freezes. */
class KillablePostgresTests {

	private static final Duration SHORT = Duration.ofSeconds(2);

	private KillablePostgres postgres;

	@BeforeEach
	void startPostgres() {
		this.postgres = KillablePostgres.start();
	}

	@AfterEach
	void closePostgres() {
		this.postgres.close();
	}

	@Test
	void committedDataSurvivesACrashAndARestartOnTheSameDataDirectoryAndPort() throws Exception {
		TestDatabase database = this.postgres.createDatabase("survivors");
		try (Connection connection = this.postgres.connect("survivors", SHORT);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept (id int PRIMARY KEY)");
			statement.execute("INSERT INTO kept SELECT generate_series(1, 1000)");
		}
		long before = this.postgres.postmaster().pid();
		int port = this.postgres.port();

		this.postgres.crash();
		assertThat(this.postgres.isRunning()).isFalse();
		assertThat(ProcessHandle.of(before)).isEmpty();
		this.postgres.restart();

		assertThat(this.postgres.port()).isEqualTo(port);
		assertThat(this.postgres.postmaster().pid()).isNotEqualTo(before);
		assertThat(database.jdbcUrl()).isEqualTo(this.postgres.connectionDetails(database).getJdbcUrl());
		assertThat(count("survivors", "SELECT count(*) FROM kept")).isEqualTo(1000);
		assertThat(Files.readString(log())).contains("database system was interrupted").contains("redo done");
	}

	@Test
	void aServerRestoredToASnapshotHasLostWhatWasCommittedAfterIt() throws Exception {
		this.postgres.createDatabase("restored");
		try (Connection connection = this.postgres.connect("restored", SHORT);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept (id int PRIMARY KEY)");
			statement.execute("INSERT INTO kept VALUES (1)");
			Path snapshot = this.postgres.snapshot();
			statement.execute("INSERT INTO kept VALUES (2)");
			this.postgres.crash();
			this.postgres.restore(snapshot);
			assertThat(snapshot).doesNotExist();
		}
		this.postgres.restart();

		assertThat(count("restored", "SELECT count(*) FROM kept")).isEqualTo(1);
		assertThat(count("restored", "SELECT max(id) FROM kept")).isEqualTo(1);
	}

	@Test
	void aCrashKillsEveryProcessOfTheServerAndConnectionsFailUntilTheRestart() throws SQLException {
		List<ProcessHandle> processes = PostgresProcesses.withDescendants(this.postgres.postmaster());
		assertThat(processes).hasSizeGreaterThan(3);

		this.postgres.crash();

		assertThat(processes).noneMatch(ProcessHandle::isAlive);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> this.postgres.connect("postgres", SHORT));
		this.postgres.restart();
		assertThat(count("postgres", "SELECT 1")).isEqualTo(1);
	}

	@Test
	void aFrozenServerNeitherAcceptsConnectionsNorAnswersQueriesUntilItIsThawed() throws Exception {
		try (Connection open = this.postgres.connect("postgres", SHORT)) {
			this.postgres.freeze();
			assertThat(this.postgres.postmaster().info().command()).isPresent();
			assertThat(state(this.postgres.postmaster())).isEqualTo("T");

			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> this.postgres.connect("postgres", SHORT));
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> open.createStatement().executeQuery("SELECT 1"));

			this.postgres.thaw();
		}
		assertThat(state(this.postgres.postmaster())).isNotEqualTo("T");
		assertThat(count("postgres", "SELECT 1")).isEqualTo(1);
	}

	@Test
	void aQuerySentDuringAStallCompletesAfterIt() throws Exception {
		try (Connection connection = this.postgres.connect("postgres", Duration.ofSeconds(60));
				ExecutorService threads = Executors.newCachedThreadPool()) {
			CompletableFuture<Void> stall = CompletableFuture.runAsync(this::stallFiveSeconds, threads);
			await().atMost(Duration.ofSeconds(30)).until(this.postgres::isFrozen);
			CompletableFuture<Integer> query = CompletableFuture.supplyAsync(() -> count(connection, "SELECT 7"),
					threads);
			Thread.sleep(1000);
			boolean answered = query.isDone();
			assertThat(answered && this.postgres.isFrozen()).as("answered while frozen").isFalse();

			assertThat(stall).succeedsWithin(Duration.ofSeconds(60));
			assertThat(query).succeedsWithin(Duration.ofSeconds(60)).isEqualTo(7);
		}
	}

	@Test
	void closeStopsAFrozenServerAndDeletesItsData() {
		ProcessHandle postmaster = this.postgres.postmaster();
		Path data = this.postgres.dataDirectory();
		this.postgres.freeze();

		this.postgres.close();

		assertThat(postmaster.isAlive()).isFalse();
		assertThat(data).doesNotExist();
		this.postgres.close();
	}

	@Test
	void theServerDiesWithTheJvmThatStartedItEvenWhenThatJvmIsKilled() throws Exception {
		String java = ProcessHandle.current().info().command().orElseThrow();
		Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				"-Dbasedir=" + System.getProperty("basedir", ""), KillablePostgresInAnotherJvm.class.getName())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			String[] line = postmasterLine(jvm).split(" ");
			assertThat(line[0]).isEqualTo("postmaster");
			ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(line[1])).orElseThrow();
			assertThat(Path.of(line[2])).isDirectory();

			jvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

			await().atMost(Duration.ofSeconds(30)).until(() -> !postmaster.isAlive());
		}
		finally {
			jvm.destroyForcibly();
		}
	}

	private void stallFiveSeconds() {
		try {
			this.postgres.stall(Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private int count(String database, String sql) {
		try (Connection connection = this.postgres.connect(database, Duration.ofSeconds(10))) {
			return count(connection, sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int count(Connection connection, String sql) {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getInt(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Path log() {
		return this.postgres.dataDirectory().resolveSibling("postgres.log");
	}

	private static String state(ProcessHandle process) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
		return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
	}

	private static String postmasterLine(Process jvm) throws Exception {
		BufferedReader reader = new BufferedReader(new InputStreamReader(jvm.getInputStream()));
		return CompletableFuture
			.supplyAsync(
					() -> reader.lines().filter((line) -> line.startsWith("postmaster ")).findFirst().orElse("exited"))
			.get(3, TimeUnit.MINUTES);
	}

}
