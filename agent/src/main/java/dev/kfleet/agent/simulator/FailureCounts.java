package dev.kfleet.agent.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.kfleet.agent.server.ServerException;

/**
 * Failed requests by operation and HTTP status (0 when no response arrived: refused,
 * reset, timed out), for the truth file's header.
 */
final class FailureCounts {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	void failed(String operation, ServerException ex) {
		this.counts.computeIfAbsent(operation + "\t" + ex.status(), (key) -> new LongAdder()).increment();
	}

	/** {@code operation<TAB>status} to the count so far, sorted. */
	Map<String, Long> snapshot() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.counts.forEach((key, count) -> snapshot.put(key, count.sum()));
		return snapshot;
	}

}
