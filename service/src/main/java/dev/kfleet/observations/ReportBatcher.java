package dev.kfleet.observations;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import dev.kfleet.observations.StateDiff.Observation;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.DatabaseFailures;

/**
 * Group commit for changed reports: the check-ins that arrive together wait a moment and
 * are stored in one transaction by one writer thread, which costs the database a few
 * batched statements per batch instead of a dozen statements per report. Each check-in
 * still gets its own answer (accepted or not) once its batch is committed.
 */
@Component
class ReportBatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReportBatcher.class);

	private static final int MAX_BATCH = 256;

	private static final int QUEUE_CAPACITY = 8_192;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);

	private final ObservationRecorder recorder;

	private final ObservationCache observations;

	private final Clock clock;

	private final DistributionSummary batchSizes;

	private volatile boolean running;

	private Thread writer;

	ReportBatcher(ObservationRecorder recorder, ObservationCache observations, Clock clock, MeterRegistry meters) {
		this.recorder = recorder;
		this.observations = observations;
		this.clock = clock;
		this.batchSizes = DistributionSummary.builder("kfleet.hosts.reports.batch")
			.description("Changed reports stored per transaction")
			.register(meters);
		Gauge.builder("kfleet.hosts.reports.queued", this.queue, BlockingQueue::size)
			.description("Changed reports queued on this replica, waiting to be stored")
			.register(meters);
	}

	/**
	 * Stores a changed report; false when its sequence was not newer than the last
	 * accepted.
	 */
	boolean record(ObservationRecorder.Report report) {
		Pending pending = new Pending(report, new CompletableFuture<>());
		try {
			if (!this.running || !this.queue.offer(pending, 10, TimeUnit.SECONDS)) {
				throw busy();
			}
			return pending.accepted().get(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw busy();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new IllegalStateException("Could not store the report of host " + report.hostId(), ex);
		}
		catch (TimeoutException ex) {
			throw busy();
		}
	}

	private void drain() {
		while (this.running || !this.queue.isEmpty()) {
			List<Pending> batch = new ArrayList<>();
			try {
				Pending first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, MAX_BATCH - 1);
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				batch.forEach((pending) -> pending.accepted().completeExceptionally(ex));
				return;
			}
		}
	}

	/**
	 * Stores a batch. If it fails for a reason other than the database being unavailable
	 * (one report holds something the database refuses, say), each report is stored again
	 * on its own, so that a bad report is refused alone and never fails the others.
	 */
	private void write(List<Pending> batch) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		try {
			store(batch, now);
		}
		catch (RuntimeException ex) {
			if (batch.size() == 1 || DatabaseFailures.isUnavailable(ex)) {
				fail(batch, ex);
				return;
			}
			log.warn("A batch of {} reports failed ({}); storing each on its own", batch.size(),
					DatabaseFailures.describe(ex));
			for (Pending pending : batch) {
				try {
					store(List.of(pending), now);
				}
				catch (RuntimeException alone) {
					fail(List.of(pending), alone);
				}
			}
		}
	}

	private void store(List<Pending> batch, Instant now) {
		Map<UUID, Observation> accepted = this.recorder.record(batch.stream().map(Pending::report).toList(), now);
		this.batchSizes.record(batch.size());
		for (Pending pending : batch) {
			ObservationRecorder.Report report = pending.report();
			Observation stored = accepted.get(report.hostId());
			// A batch stores the newest report of each host; an older one of the same
			// host
			// lost.
			boolean mine = stored != null && stored.state() == report.digest().state();
			if (mine) {
				this.observations.put(report.hostId(), report.checkIn().reportHash(), stored);
			}
			pending.accepted().complete(mine);
		}
	}

	private void fail(List<Pending> batch, RuntimeException ex) {
		if (batch.size() == 1 && ex instanceof DataIntegrityViolationException) {
			UUID hostId = batch.getFirst().report().hostId();
			log.warn("The report of host {} holds a value the database refuses; refused alone: {}", hostId,
					DatabaseFailures.describe(ex));
			batch.getFirst()
				.accepted()
				.completeExceptionally(new ApiException(ApiProblem.INVALID_REQUEST,
						"The report holds a value the database cannot store (" + DatabaseFailures.describe(ex) + ")"));
			return;
		}
		log.warn("Could not store {} reports: {}", batch.size(), ex.getMessage());
		batch.forEach((pending) -> pending.accepted().completeExceptionally(ex));
	}

	private static ApiException busy() {
		return new ApiException(ApiProblem.UNAVAILABLE, "The service is storing too many reports; retry later");
	}

	@Override
	public void start() {
		this.running = true;
		this.writer = Thread.ofPlatform().name("kfleet-report-writer").daemon().start(this::drain);
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.writer.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Pending(ObservationRecorder.Report report, CompletableFuture<Boolean> accepted) {
	}

}
