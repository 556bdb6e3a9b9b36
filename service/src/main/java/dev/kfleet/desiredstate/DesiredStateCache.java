package dev.kfleet.desiredstate;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every host's desired state in memory, so that a check-in needs no query for it. A
 * change made through this replica replaces its entry at once; changes made through other
 * replicas are seen within {@code kfleet.desired-state.refresh-interval} (default 1 s),
 * by polling for rows whose change sequence grew.
 */
@Component
class DesiredStateCache {

	private static final Logger log = LoggerFactory.getLogger(DesiredStateCache.class);

	private final ConcurrentMap<UUID, DesiredState> states = new ConcurrentHashMap<>();

	private final DesiredStateRepository repository;

	private final AtomicLong seenChange;

	DesiredStateCache(DesiredStateRepository repository) {
		this.repository = repository;
		this.seenChange = new AtomicLong(repository.newestChange());
	}

	DesiredState get(UUID hostId) {
		DesiredState state = this.states.get(hostId);
		if (state != null) {
			return state;
		}
		DesiredState loaded = this.repository.find(hostId)
			.map(DesiredStateRepository.Stored::state)
			.orElse(DesiredState.NONE);
		DesiredState raced = this.states.putIfAbsent(hostId, loaded);
		return (raced != null) ? raced : loaded;
	}

	void forget(UUID hostId) {
		this.states.remove(hostId);
	}

	@Scheduled(fixedDelayString = "${kfleet.desired-state.refresh-interval:1s}")
	void refresh() {
		try {
			DesiredStateRepository.Changes changes = this.repository.changedSince(this.seenChange.get());
			changes.hostIds().forEach(this.states::remove);
			this.seenChange.accumulateAndGet(changes.newest(), Math::max);
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh desired states: {}", ex.getMessage());
		}
	}

}
