package dev.kfleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.io.file.PathUtils;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * A real PostgreSQL 17 server owned by one test, which the test may crash, restart and
 * freeze: its own data directory (under {@code target/killable-postgres/}) and its own
 * port, kept across {@link #restart()}. It runs zonky's binaries (see
 * {@link PostgresBinaries}), so it needs no PostgreSQL on the machine, and it dies with
 * the JVM, also when the JVM is killed (see {@link PostgresProcesses}).
 * <ul>
 * <li>{@link #crash()} sends SIGKILL to the postmaster and then to every process of the
 * server, as {@code kill -9} does: WAL still in PostgreSQL's buffers (asynchronous
 * commits not yet flushed) is lost, and {@link #restart()} runs crash recovery.</li>
 * <li>{@link #freeze()} and {@link #thaw()} send SIGSTOP and SIGCONT to all of them: a
 * stalled database, whose connections neither fail nor answer.</li>
 * <li>{@link #snapshot()} and {@link #restore(Path)}: the server restarted on an older,
 * crash-consistent copy of its data, which loses every commit since.</li>
 * </ul>
 * {@link #close()} stops it (a fast shutdown, else SIGKILL) and deletes its data.
 */
public final class KillablePostgres implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private final Path directory;

	private final int port;

	private final Map<String, String> settings;

	private final PostgresBinaries binaries;

	private final Thread shutdownHook = new Thread(this::close, "killable-postgres-stop");

	private volatile Process postmaster;

	private volatile boolean frozen;

	private KillablePostgres(Path directory, int port, Map<String, String> settings) {
		this.directory = directory;
		this.port = port;
		this.settings = settings;
		this.binaries = PostgresBinaries.in(directory.getParent());
	}

	/** Creates and starts a server with PostgreSQL's default settings. */
	public static KillablePostgres start() {
		return start(Map.of());
	}

	/**
	 * Creates and starts a server with these settings in addition (such as
	 * {@code synchronous_commit=off}).
	 */
	public static KillablePostgres start(Map<String, String> settings) {
		Path parent = KillablePostgresDirectory.parent();
		KillablePostgres postgres = new KillablePostgres(parent.resolve(UUID.randomUUID().toString()), freePort(),
				settings);
		Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
		try {
			postgres.initialize();
			postgres.restart();
		}
		catch (RuntimeException ex) {
			postgres.close();
			throw ex;
		}
		return postgres;
	}

	/**
	 * Starts the server again on the same data directory and port after {@link #crash()}
	 * (PostgreSQL runs crash recovery) and waits until it accepts connections.
	 */
	public synchronized void restart() {
		if (isRunning()) {
			throw new IllegalStateException("PostgreSQL on port " + this.port + " is still running");
		}
		this.postmaster = PostgresProcesses.start(serverCommand(), log());
		this.frozen = false;
		awaitReady();
	}

	/**
	 * Kills the server as {@code kill -9} would: SIGKILL to the postmaster, then to each
	 * of its processes; returns once they are all gone.
	 */
	public synchronized void crash() {
		Process process = requireRunning();
		List<ProcessHandle> processes = PostgresProcesses.withDescendants(process.toHandle());
		processes.forEach(ProcessHandle::destroyForcibly);
		awaitExit(processes);
		this.postmaster = null;
		this.frozen = false;
	}

	/** Stops every process of the server (SIGSTOP): the postmaster first. */
	public synchronized void freeze() {
		Process process = requireRunning();
		PostgresProcesses.signal("STOP", List.of(process.toHandle()));
		PostgresProcesses.signal("STOP", process.descendants().toList());
		this.frozen = true;
	}

	/** Lets a frozen server go on (SIGCONT): its processes first, the postmaster last. */
	public synchronized void thaw() {
		Process process = requireRunning();
		PostgresProcesses.signal("CONT", process.descendants().toList());
		PostgresProcesses.signal("CONT", List.of(process.toHandle()));
		this.frozen = false;
	}

	/** Freezes the server for {@code duration}, then thaws it, also when interrupted. */
	public void stall(Duration duration) throws InterruptedException {
		freeze();
		try {
			Thread.sleep(duration);
		}
		finally {
			thaw();
		}
	}

	/**
	 * Copies the data directory while the server is frozen, a crash-consistent image (see
	 * {@link DataDirectoryCopies}); {@link #restore(Path)} puts it back.
	 * @return where the copy is
	 */
	public synchronized Path snapshot() {
		Path copy = this.directory.resolve("snapshot-" + UUID.randomUUID());
		freeze();
		try {
			DataDirectoryCopies.copy(dataDirectory(), copy);
		}
		finally {
			thaw();
		}
		return copy;
	}

	/**
	 * After {@link #crash()}, replaces the data directory with a {@link #snapshot()}
	 * (which is used up): {@link #restart()} then recovers from it and everything
	 * committed after it is lost, as after a restore from backup or a failover to a
	 * replica that lagged.
	 * @param snapshot the copy
	 */
	public synchronized void restore(Path snapshot) {
		if (isRunning()) {
			throw new IllegalStateException("Crash PostgreSQL on port " + this.port + " before restoring a snapshot");
		}
		DataDirectoryCopies.replace(dataDirectory(), snapshot);
	}

	/** Whether the postmaster runs (it may be frozen). */
	public boolean isRunning() {
		Process process = this.postmaster;
		return process != null && process.isAlive();
	}

	public boolean isFrozen() {
		return this.frozen;
	}

	/** The postmaster's process, while it runs. */
	public ProcessHandle postmaster() {
		return requireRunning().toHandle();
	}

	public int port() {
		return this.port;
	}

	public Path dataDirectory() {
		return this.directory.resolve("data");
	}

	/** The JDBC URL of one of its databases (user {@code postgres}, no password). */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	/** Creates the database {@code name} and returns it as a {@link TestDatabase}. */
	public TestDatabase createDatabase(String name) {
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		try (Connection connection = connect("postgres", Duration.ofSeconds(10));
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		return new TestDatabase("KillablePostgres", jdbcUrl(name), "postgres", "");
	}

	/**
	 * What Spring Boot connects with, to one of its databases (see
	 * {@link #createDatabase}).
	 */
	public JdbcConnectionDetails connectionDetails(TestDatabase database) {
		return new TestDatabaseConfiguration().testDatabaseConnectionDetails(database);
	}

	/**
	 * A new connection to {@code database}, failing after {@code timeout} when the server
	 * is down or frozen.
	 */
	public Connection connect(String database, Duration timeout) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "postgres");
		String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
		properties.setProperty("connectTimeout", seconds);
		properties.setProperty("loginTimeout", seconds);
		properties.setProperty("socketTimeout", seconds);
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	/** Stops the server (a fast shutdown, SIGKILL after 30 s) and deletes its data. */
	@Override
	public synchronized void close() {
		try {
			stop();
			if (Files.exists(dataDirectory())) {
				PathUtils.deleteDirectory(dataDirectory());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + dataDirectory(), ex);
		}
		finally {
			removeShutdownHook();
		}
	}

	@Override
	public String toString() {
		return "PostgreSQL on port " + this.port + " in " + dataDirectory();
	}

	private void initialize() {
		try {
			Files.createDirectories(this.directory);
			Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxr-xr-x"));
			PostgresProcesses.ownToServer(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create " + this.directory, ex);
		}
		PostgresProcesses.run(List.of(this.binaries.program("initdb"), "-D", dataDirectory().toString(), "-U",
				"postgres", "-A", "trust", "-E", "UTF-8", "--locale=C", "--no-sync"), log());
	}

	private List<String> serverCommand() {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("listen_addresses", "127.0.0.1");
		all.put("port", Integer.toString(this.port));
		all.put("unix_socket_directories", "");
		all.put("timezone", "UTC");
		all.putAll(this.settings);
		List<String> command = new ArrayList<>(
				List.of(this.binaries.program("postgres"), "-D", dataDirectory().toString()));
		all.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
		return command;
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline) {
			if (!isRunning()) {
				throw new IllegalStateException("PostgreSQL exited while starting; see " + log());
			}
			try (Connection connection = connect("postgres", Duration.ofSeconds(2))) {
				return;
			}
			catch (SQLException ex) {
				last = ex;
				sleep(Duration.ofMillis(100));
			}
		}
		throw new IllegalStateException(
				"PostgreSQL did not accept connections within " + READY_TIMEOUT + "; see " + log(), last);
	}

	private void stop() {
		Process process = this.postmaster;
		if (process == null || !process.isAlive()) {
			return;
		}
		if (this.frozen) {
			thaw();
		}
		// SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client).
		PostgresProcesses.signal("INT", List.of(process.toHandle()));
		try {
			if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				crash();
			}
		}
		catch (InterruptedException ex) {
			crash();
			Thread.currentThread().interrupt();
		}
		this.postmaster = null;
	}

	private Process requireRunning() {
		Process process = this.postmaster;
		if (process == null || !process.isAlive()) {
			throw new IllegalStateException("PostgreSQL on port " + this.port + " is not running");
		}
		return process;
	}

	private void removeShutdownHook() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down: this is the hook.
		}
	}

	private Path log() {
		return this.directory.resolve("postgres.log");
	}

	private static void awaitExit(List<ProcessHandle> processes) {
		try {
			CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
				.get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("PostgreSQL's processes did not exit after SIGKILL", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PostgreSQL to exit", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PostgreSQL", ex);
		}
	}

}
