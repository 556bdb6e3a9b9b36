package dev.kfleet.observations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.kfleet.observations.AgentPresenceRepository.Heartbeat;
import dev.kfleet.observations.AgentPresenceRepository.Lost;

/**
 * Check-ins that change nothing cost a heartbeat, not a row: the last one of each host is
 * kept in memory and written with the others in one statement every
 * {@code kfleet.hosts.heartbeat-flush-interval}, and once more when the service stops.
 * The same statement checks that the database still holds the report each agent was told
 * it holds; where it does not, the agent is asked for its full report at its next
 * check-in ({@link AgentSessions#reportsLost}). Its health is DOWN when flushing has
 * failed for ten intervals.
 */
@Component("heartbeats")
class HeartbeatBuffer implements HealthIndicator, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(HeartbeatBuffer.class);

	private static final int BATCH = 5_000;

	private final ConcurrentMap<UUID, Heartbeat> pending = new ConcurrentHashMap<>();

	private final AgentPresenceRepository agents;

	private final AgentSessions sessions;

	private final Clock clock;

	private final Duration interval;

	private final AtomicReference<Instant> lastFlush;

	private final Counter flushed;

	private final Timer flushTimer;

	private volatile boolean running;

	HeartbeatBuffer(AgentPresenceRepository agents, AgentSessions sessions, Clock clock, HostProperties properties,
			MeterRegistry meters) {
		this.agents = agents;
		this.sessions = sessions;
		this.clock = clock;
		this.interval = properties.heartbeatFlushInterval();
		this.lastFlush = new AtomicReference<>(clock.instant());
		this.flushed = Counter.builder("kfleet.hosts.heartbeats.flushed")
			.description("Heartbeats written to the database")
			.register(meters);
		this.flushTimer = Timer.builder("kfleet.hosts.heartbeats.flush")
			.description("Time to write one batch of heartbeats")
			.register(meters);
		Gauge.builder("kfleet.hosts.heartbeats.pending", this.pending, Map::size)
			.description("Unchanged check-ins buffered on this replica, waiting for the next heartbeat flush")
			.register(meters);
	}

	/**
	 * Buffers a check-in that changed nothing.
	 * @param reportHash the hash of the report the service acknowledged to the agent (see
	 * {@link Heartbeat#reportHash()}); the flush checks that the database still holds it
	 */
	void record(UUID hostId, Instant seenAt, long sequence, @Nullable String reportHash) {
		this.pending.merge(hostId, new Heartbeat(hostId, seenAt, sequence, reportHash),
				(old, now) -> (now.sequence() >= old.sequence()) ? now : old);
	}

	@Scheduled(fixedDelayString = "${kfleet.hosts.heartbeat-flush-interval:5s}")
	void flush() {
		List<Heartbeat> batch = new ArrayList<>(Math.min(this.pending.size(), BATCH));
		for (Heartbeat beat : this.pending.values()) {
			if (this.pending.remove(beat.hostId(), beat)) {
				batch.add(beat);
			}
			if (batch.size() == BATCH) {
				write(batch);
				batch = new ArrayList<>(BATCH);
			}
		}
		if (!batch.isEmpty()) {
			write(batch);
		}
		this.lastFlush.set(this.clock.instant());
	}

	private void write(List<Heartbeat> batch) {
		try {
			List<Lost> lost = Objects.requireNonNull(this.flushTimer.record(() -> this.agents.flush(batch)));
			this.flushed.increment(batch.size());
			if (!lost.isEmpty()) {
				this.sessions.reportsLost(lost);
			}
		}
		catch (RuntimeException ex) {
			batch.forEach((beat) -> record(beat.hostId(), beat.seenAt(), beat.sequence(), beat.reportHash()));
			log.warn("Could not write {} heartbeats; they stay buffered: {}", batch.size(), ex.getMessage());
			throw ex;
		}
	}

	@Override
	public Health health() {
		Duration since = Duration.between(this.lastFlush.get(), this.clock.instant());
		Health.Builder health = since.compareTo(this.interval.multipliedBy(10)) > 0 ? Health.down() : Health.up();
		return health.withDetail("pending", this.pending.size()).withDetail("lastFlush", this.lastFlush.get()).build();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			flush();
		}
		catch (RuntimeException ex) {
			log.error("Heartbeats of {} hosts were lost at shutdown", this.pending.size(), ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1;
	}

}
