package dev.kfleet.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Watches the database server from one background thread, on a connection of its own
 * (outside the pool, so a busy pool does not look like a dead server), every
 * {@code kfleet.database.probe-interval}: does it answer within
 * {@code kfleet.database.probe-timeout}, and since when does it run. The {@code db}
 * health answers from what the last probe found, at once, also while the database hangs:
 * a probe in flight for longer than the timeout is DOWN. When the server's start time
 * changes (a restart after a crash, a promoted standby, a restored backup), it publishes
 * {@link DatabaseReplaced}, so that the caches that mirror the database can be dropped.
 */
@Component("dbHealthIndicator")
public class DatabaseWatch implements HealthIndicator, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);

	private final JdbcConnectionDetails database;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Duration interval;

	private final Duration timeout;

	private volatile Probe last = Probe.NONE;

	private volatile long probingSince;

	private volatile boolean running;

	private @Nullable Connection connection;

	private @Nullable Instant serverStart;

	private @Nullable Thread thread;

	DatabaseWatch(JdbcConnectionDetails database, ApplicationEventPublisher events, Clock clock,
			DatabaseProperties properties, MeterRegistry meters) {
		this.database = database;
		this.events = events;
		this.clock = clock;
		this.interval = properties.probeInterval();
		this.timeout = properties.probeTimeout();
		Gauge.builder("kfleet.database.up", this, (watch) -> watch.isUp() ? 1 : 0)
			.description("1 when the database answered the last probe in time, else 0")
			.register(meters);
	}

	/** Whether the database answered the last probe in time and no probe hangs now. */
	public boolean isUp() {
		return this.last.up() && !hanging();
	}

	@Override
	public Health health() {
		Probe probe = this.last;
		Health.Builder health = isUp() ? Health.up() : Health.down();
		health.withDetail("database", "PostgreSQL");
		if (probe.at() != null) {
			health.withDetail("lastProbe", probe.at()).withDetail("latencyMillis", probe.latency().toMillis());
		}
		if (hanging()) {
			health.withDetail("error", "no answer for " + Duration.ofNanos(System.nanoTime() - this.probingSince));
		}
		else if (probe.error() != null) {
			health.withDetail("error", probe.error());
		}
		return health.build();
	}

	private boolean hanging() {
		long since = this.probingSince;
		return since != 0 && System.nanoTime() - since > this.timeout.toNanos();
	}

	void probe() {
		long start = System.nanoTime();
		this.probingSince = start;
		try {
			Instant started = serverStart();
			// The caches that mirror the database are dropped before the health says UP.
			noticeStart(started);
			this.last = new Probe(this.clock.instant(), true, Duration.ofNanos(System.nanoTime() - start), null);
		}
		catch (SQLException | RuntimeException ex) {
			closeConnection();
			this.last = new Probe(this.clock.instant(), false, Duration.ofNanos(System.nanoTime() - start),
					Objects.toString(ex.getMessage(), ex.getClass().getSimpleName()));
		}
		finally {
			this.probingSince = 0;
		}
	}

	private Instant serverStart() throws SQLException {
		Connection open = this.connection;
		if (open == null) {
			open = connect();
			this.connection = open;
		}
		try (Statement statement = open.createStatement();
				ResultSet rs = statement.executeQuery("SELECT pg_postmaster_start_time()")) {
			rs.next();
			return rs.getTimestamp(1).toInstant();
		}
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", Objects.toString(this.database.getUsername(), ""));
		properties.setProperty("password", Objects.toString(this.database.getPassword(), ""));
		String seconds = Long.toString(Math.max(1, this.timeout.toSeconds()));
		properties.setProperty("connectTimeout", seconds);
		properties.setProperty("socketTimeout", seconds);
		properties.setProperty("loginTimeout", seconds);
		properties.setProperty("ApplicationName", "kfleet-database-watch");
		return DriverManager.getConnection(this.database.getJdbcUrl(), properties);
	}

	private void noticeStart(Instant started) {
		Instant previous = this.serverStart;
		this.serverStart = started;
		if (previous != null && !previous.equals(started)) {
			log.warn("The database server changed (it started at {}, before at {}): caches that mirror it are dropped",
					started, previous);
			this.events.publishEvent(new DatabaseReplaced(previous, started));
		}
	}

	private void closeConnection() {
		Connection open = this.connection;
		this.connection = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (SQLException ex) {
				log.debug("Could not close the watch's connection: {}", ex.getMessage());
			}
		}
	}

	private void loop() {
		while (this.running) {
			probe();
			try {
				Thread.sleep(this.interval);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		probe();
		this.thread = Thread.ofPlatform().name("kfleet-database-watch").daemon().start(this::loop);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread watcher = this.thread;
		if (watcher != null) {
			watcher.interrupt();
			try {
				watcher.join(this.timeout.toMillis() + 1_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closeConnection();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * What one probe found.
	 *
	 * @param at when it ended, or {@code null} before the first
	 * @param up whether the server answered
	 * @param latency how long it took
	 * @param error why it failed, or {@code null}
	 */
	private record Probe(@Nullable Instant at, boolean up, Duration latency, @Nullable String error) {

		static final Probe NONE = new Probe(null, false, Duration.ZERO, "not probed yet");

	}

}
