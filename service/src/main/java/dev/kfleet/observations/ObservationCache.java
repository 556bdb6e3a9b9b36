package dev.kfleet.observations;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.kfleet.observations.StateDiff.Observation;

/**
 * The last observation of each host this replica recorded, with the hash of the report it
 * came from, so that a changed report is compared without reading the old state back. An
 * entry is used only when the database says the report it replaces has that very hash, so
 * an entry another replica made stale is never used.
 */
@Component
class ObservationCache {

	private final ConcurrentMap<UUID, Entry> entries = new ConcurrentHashMap<>();

	/**
	 * The observation of the report with {@code reportHash}, if this replica holds it.
	 */
	Optional<Observation> get(UUID hostId, @Nullable String reportHash) {
		Entry entry = this.entries.get(hostId);
		if (entry == null || reportHash == null || !reportHash.equals(entry.reportHash())) {
			return Optional.empty();
		}
		return Optional.of(entry.observation());
	}

	void put(UUID hostId, String reportHash, Observation observation) {
		this.entries.put(hostId, new Entry(reportHash, observation));
	}

	private record Entry(String reportHash, Observation observation) {
	}

}
