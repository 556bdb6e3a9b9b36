package dev.kfleet.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the modules' {@link FleetJob}s once per period for the whole fleet, with
 * db-scheduler (ADR 0031): each job is one row of {@code scheduled_tasks}; every replica
 * polls for due rows every {@code kfleet.jobs.polling-interval} and runs a job only after
 * taking its row with a guarded update, so exactly one replica runs each period's run. A
 * replica running a job writes a heartbeat; when it dies, another takes the run over once
 * it missed {@code kfleet.jobs.missed-heartbeats} of them, and an idle job is simply run
 * by whichever replica polls next. Runs are counted in {@code kfleet.jobs.runs} by job
 * and outcome, and timed in {@code kfleet.jobs.duration};
 * {@code kfleet.jobs.last-success.timestamp} is when this replica last finished a run of
 * the job without failing (when it started, before that), so that the maximum over
 * replicas is when the fleet last did, and {@code kfleet.jobs.period} says how often that
 * should be (the "fleet job not run" alert compares the two, ADR 0043).
 */
@Component
class FleetJobs implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FleetJobs.class);

	/** How long a stopping replica waits for its runs to finish. */
	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

	private final DataSource dataSource;

	private final FleetJobProperties properties;

	private final List<RecurringTask<Void>> tasks;

	private final String replica;

	private volatile @Nullable Scheduler scheduler;

	FleetJobs(DataSource dataSource, List<FleetJob> jobs, FleetJobProperties properties, MeterRegistry meters) {
		this.replica = replicaName();
		this.dataSource = dataSource;
		this.properties = properties;
		this.tasks = jobs.stream().map((job) -> task(job, meters)).toList();
		log.info("Fleet jobs {} run here as replica {} when it takes them", jobs.stream().map(FleetJob::name).toList(),
				this.replica);
	}

	/**
	 * A scheduler of its own for each start: db-scheduler's cannot start again once
	 * stopped.
	 */
	private Scheduler newScheduler() {
		return Scheduler.create(this.dataSource)
			.startTasks(this.tasks)
			.schedulerName(new SchedulerName.Fixed(this.replica))
			.pollingInterval(this.properties.pollingInterval())
			.heartbeatInterval(this.properties.heartbeatInterval())
			.missedHeartbeatsLimit(this.properties.missedHeartbeats())
			.threads(Math.max(1, this.tasks.size()))
			.shutdownMaxWait(SHUTDOWN_WAIT)
			.build();
	}

	private RecurringTask<Void> task(FleetJob job, MeterRegistry meters) {
		AtomicLong lastSuccess = new AtomicLong(System.currentTimeMillis());
		Gauge.builder("kfleet.jobs.last-success.timestamp", lastSuccess, (millis) -> millis.get() / 1000.0)
			.description("When this replica last ran the fleet job without failing, in seconds since the epoch "
					+ "(when it started, before that); the maximum over replicas is the fleet's")
			.baseUnit("seconds")
			.tag("fleet_job", job.name())
			.register(meters);
		Gauge.builder("kfleet.jobs.period", job, (value) -> value.period().toMillis() / 1000.0)
			.description("The time from the end of a fleet job's run to the start of the next")
			.baseUnit("seconds")
			.tag("fleet_job", job.name())
			.register(meters);
		Counter succeeded = runs(job, "succeeded", meters);
		Counter failed = runs(job, "failed", meters);
		Timer duration = Timer.builder("kfleet.jobs.duration")
			.description("Time of a fleet job's run on this replica")
			.tag("fleet_job", job.name())
			.register(meters);
		return Tasks.recurring(job.name(), new FirstRunNow(job.period())).execute((instance, context) -> {
			try {
				duration.record(job.work());
				succeeded.increment();
				lastSuccess.set(System.currentTimeMillis());
			}
			catch (RuntimeException ex) {
				failed.increment();
				log.warn("Fleet job {} failed on replica {}: {}", job.name(), this.replica,
						DatabaseFailures.describe(ex));
			}
		});
	}

	private static Counter runs(FleetJob job, String outcome, MeterRegistry meters) {
		return Counter.builder("kfleet.jobs.runs")
			.description("Runs of a fleet job on this replica, by outcome; summed over replicas, one per period")
			.tag("fleet_job", job.name())
			.tag("outcome", outcome)
			.register(meters);
	}

	/**
	 * A fixed delay between runs, whose first run is due at once when the job has no row
	 * yet (a new installation, a new job), instead of one period later.
	 */
	private record FirstRunNow(Duration period) implements Schedule {

		@Override
		public Instant getNextExecutionTime(ExecutionComplete complete) {
			return FixedDelay.of(this.period).getNextExecutionTime(complete);
		}

		@Override
		public Instant getInitialExecutionTime(Instant now) {
			return now;
		}

		@Override
		public boolean isDeterministic() {
			return false;
		}

	}

	/**
	 * This replica's name in {@code scheduled_tasks.picked_by}: its host and a unique id.
	 */
	private static String replicaName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** This replica's name, as it appears in {@code scheduled_tasks.picked_by}. */
	String replica() {
		return this.replica;
	}

	@Override
	public synchronized void start() {
		Scheduler started = newScheduler();
		started.start();
		this.scheduler = started;
	}

	@Override
	public synchronized void stop() {
		Scheduler running = this.scheduler;
		this.scheduler = null;
		if (running != null) {
			running.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
