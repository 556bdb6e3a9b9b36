package dev.kfleet.desiredstate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.DatabaseFailures;
import dev.kfleet.platform.DatabaseReplaced;

/**
 * Every host's desired state in memory, so that a check-in needs no query for it.
 * <ul>
 * <li>A change made through this replica is in it once committed.</li>
 * <li>Changes made through other replicas are polled every
 * {@code kfleet.desired-state.refresh-interval} (1 s): each poll reads the rows written
 * by transactions that were still running, or had not begun, at the previous poll, so a
 * change is seen whatever order transactions commit in, and each poll takes the newest
 * version of every changed host it does not hold yet.</li>
 * <li>An entry only ever moves to a higher version, so a slow read can never put an older
 * version back.</li>
 * <li>When no poll succeeded for {@code kfleet.desired-state.max-staleness} (10 s), it
 * refuses to answer (503) rather than hand out a version that may be old.</li>
 * <li>When the database server changed (a restart, a failover, a restore), everything is
 * read again.</li>
 * </ul>
 */
@Component
class DesiredStateCache {

	private static final Logger log = LoggerFactory.getLogger(DesiredStateCache.class);

	private final ConcurrentMap<UUID, DesiredState> states = new ConcurrentHashMap<>();

	private final DesiredStateRepository repository;

	private final Clock clock;

	private final Duration maxStaleness;

	private volatile @Nullable String horizon;

	private volatile Instant freshAsOf;

	DesiredStateCache(DesiredStateRepository repository, Clock clock, DesiredStateProperties properties,
			MeterRegistry meters) {
		this.repository = repository;
		this.clock = clock;
		this.maxStaleness = properties.maxStaleness();
		this.freshAsOf = clock.instant();
		this.horizon = repository.horizon();
		Gauge.builder("kfleet.desired-state.staleness", this, DesiredStateCache::stalenessSeconds)
			.description("Seconds since this replica last saw every desired state committed in the database")
			.baseUnit("seconds")
			.register(meters);
	}

	/** The host's desired state; 503 when this replica's view may be too old. */
	DesiredState get(UUID hostId) {
		Duration stale = Duration.between(this.freshAsOf, this.clock.instant());
		if (stale.compareTo(this.maxStaleness) > 0) {
			throw new ApiException(ApiProblem.UNAVAILABLE, "The service has not seen the latest desired states for "
					+ stale.toSeconds() + " s (the database is unavailable); retry later");
		}
		DesiredState state = this.states.get(hostId);
		if (state != null) {
			return state;
		}
		DesiredState read = this.repository.find(hostId)
			.map(DesiredStateRepository.Stored::state)
			.orElse(DesiredState.NONE);
		// Inside a transaction the read may see the transaction's own uncommitted write:
		// kept only once committed (written), never from here.
		return TransactionSynchronizationManager.isActualTransactionActive() ? read : keepNewer(hostId, read);
	}

	/**
	 * Takes the versions written through this replica, any number of hosts at once, once
	 * their transaction commits (at once when there is none); nothing if it rolls back.
	 */
	void written(Map<UUID, DesiredState> states) {
		if (states.isEmpty()) {
			return;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			states.forEach(this::keepNewer);
			return;
		}
		Map<UUID, DesiredState> committed = Map.copyOf(states);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				committed.forEach(DesiredStateCache.this::keepNewer);
			}

		});
	}

	@Scheduled(fixedDelayString = "${kfleet.desired-state.refresh-interval:1s}")
	void refresh() {
		Instant started = this.clock.instant();
		try {
			String from = this.horizon;
			if (from == null) {
				this.states.clear();
				this.horizon = this.repository.horizon();
				this.freshAsOf = started;
				return;
			}
			DesiredStateRepository.Changes changes = this.repository.changedSince(from);
			List<UUID> behind = changes.versions()
				.entrySet()
				.stream()
				.filter((change) -> version(change.getKey()) < change.getValue())
				.map(Map.Entry::getKey)
				.toList();
			this.repository.findAll(behind).forEach(this::keepNewer);
			this.horizon = changes.horizon();
			this.freshAsOf = started;
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh desired states: {}", DatabaseFailures.describe(ex));
		}
	}

	/**
	 * The database is another server: versions and transaction ids may have gone back, so
	 * everything is read again from the next poll on.
	 */
	@EventListener
	void databaseReplaced(DatabaseReplaced event) {
		this.horizon = null;
	}

	private DesiredState keepNewer(UUID hostId, DesiredState state) {
		return this.states.merge(hostId, state, (held, read) -> (read.version() > held.version()) ? read : held);
	}

	private long version(UUID hostId) {
		DesiredState held = this.states.get(hostId);
		return (held != null) ? held.version() : -1;
	}

	private double stalenessSeconds() {
		return Duration.between(this.freshAsOf, this.clock.instant()).toMillis() / 1000.0;
	}

}
