package dev.kfleet.hosts;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.kfleet.hosts.StateDiff.Observation;

/**
 * The last observation of each host this replica recorded, with the hash of the report it
 * came from, so that a changed report is compared without reading the old state back. A
 * report compared with an entry is stored only if the report it replaces has that very
 * hash ({@link ReportBatchRepository}), so an entry another replica made stale is never
 * used.
 */
@Component
class ObservationCache {

	private final ConcurrentMap<UUID, Entry> entries = new ConcurrentHashMap<>();

	/** The last observation this replica recorded for a host, with its report's hash. */
	Optional<Entry> latest(UUID hostId) {
		return Optional.ofNullable(this.entries.get(hostId));
	}

	void put(UUID hostId, String reportHash, Observation observation) {
		this.entries.put(hostId, new Entry(reportHash, observation));
	}

	/**
	 * An observation and the hash of the report it came from.
	 *
	 * @param reportHash the report's hash
	 * @param observation what the report said
	 */
	record Entry(String reportHash, Observation observation) {
	}

}
