package dev.kfleet.hosts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.hosts.ReportBatchRepository.Row;
import dev.kfleet.hosts.ReportBatchRepository.Written;
import dev.kfleet.hosts.StateDiff.Observation;

/**
 * Stores a batch of changed reports: compares each with the last observation of its host
 * and writes the batch in one statement ({@link ReportBatchRepository}), which takes a
 * report only if its sequence is newer than every one accepted and the report it replaces
 * is the one it was compared with. The last observation comes from the
 * {@link ObservationCache}; for a host the cache does not know, or knows stale, a second
 * round in one transaction locks the host's row, reads its last observation from the
 * tables and writes again.
 */
@Component
class ObservationRecorder {

	private final AgentPresenceRepository agents;

	private final ObservedStateRepository states;

	private final HostHistoryRepository history;

	private final HostRepository hosts;

	private final ReportBatchRepository batches;

	private final ObservationCache observations;

	private final TransactionTemplate transactions;

	private final Counter changes;

	ObservationRecorder(AgentPresenceRepository agents, ObservedStateRepository states, HostHistoryRepository history,
			HostRepository hosts, ReportBatchRepository batches, ObservationCache observations,
			TransactionTemplate transactions, MeterRegistry meters) {
		this.agents = agents;
		this.states = states;
		this.history = history;
		this.hosts = hosts;
		this.batches = batches;
		this.observations = observations;
		this.transactions = transactions;
		this.changes = Counter.builder("kfleet.hosts.changes.recorded")
			.description("History entries written: fields of hosts' observed state that changed")
			.register(meters);
	}

	/**
	 * Records changed reports, one per host (the newest sequence wins within a batch);
	 * returns the hosts whose report was accepted, with what they now hold.
	 */
	Map<UUID, Observation> record(List<Report> batch, Instant now) {
		Map<UUID, Report> newest = newestPerHost(batch);
		Map<UUID, Observation> accepted = new LinkedHashMap<>();
		List<Row> known = new ArrayList<>();
		List<Report> unknown = new ArrayList<>();
		for (Report report : newest.values()) {
			this.observations.latest(report.hostId())
				.ifPresentOrElse((entry) -> known.add(row(report, entry.reportHash(), entry.observation())),
						() -> unknown.add(report));
		}
		if (!known.isEmpty()) {
			Map<UUID, Written> written = this.batches.write(known, now);
			collect(known, written, newest, accepted);
			known.stream()
				.filter((row) -> written.containsKey(row.hostId()) && !written.get(row.hostId()).accepted()
						&& written.get(row.hostId()).newer())
				.forEach((row) -> unknown.add(newest.get(row.hostId())));
		}
		if (!unknown.isEmpty()) {
			this.transactions.executeWithoutResult((status) -> recordFromTables(unknown, newest, now, accepted));
		}
		return accepted;
	}

	/**
	 * The second round: the hosts' rows locked, their last observation read from the
	 * tables, which then cannot change before the write.
	 */
	private void recordFromTables(List<Report> reports, Map<UUID, Report> newest, Instant now,
			Map<UUID, Observation> accepted) {
		List<UUID> ids = reports.stream().map(Report::hostId).toList();
		Map<UUID, Optional<String>> hashes = this.agents.lockReportHashes(ids);
		Map<UUID, String> releases = this.hosts.kernelReleases(ids);
		Map<UUID, ObservedState> states = this.states.findAll(ids);
		Map<UUID, List<VduseDeviceState>> devices = this.states.devicesOf(ids);
		List<Row> rows = reports.stream()
			.filter((report) -> hashes.containsKey(report.hostId()))
			.map((report) -> row(report, hashes.get(report.hostId()).orElse(null),
					new Observation(releases.get(report.hostId()), states.get(report.hostId()),
							devices.getOrDefault(report.hostId(), List.of()))))
			.toList();
		if (!rows.isEmpty()) {
			collect(rows, this.batches.write(rows, now), newest, accepted);
		}
	}

	/** Adds the accepted rows' observations and counts their history entries. */
	private void collect(List<Row> rows, Map<UUID, Written> written, Map<UUID, Report> reports,
			Map<UUID, Observation> accepted) {
		int entries = 0;
		for (Row row : rows) {
			Written result = written.get(row.hostId());
			if (result == null || !result.accepted()) {
				continue;
			}
			accepted.put(row.hostId(), after(reports.get(row.hostId())));
			entries += row.changes().size();
			if (result.previousAgentVersion() != null && !result.previousAgentVersion().equals(row.agentVersion())) {
				entries++;
			}
		}
		this.changes.increment(entries);
	}

	/** A report compared with the observation of the report it replaces. */
	private static Row row(Report report, @Nullable String expectedHash, Observation before) {
		Observation after = after(report);
		ObservedState state = Objects.requireNonNull(after.state());
		List<ObservedState.Pool> oldPools = pools(before);
		boolean poolsChanged = !state.pools().equals(oldPools);
		boolean devicesChanged = !after.devices().equals(before.devices());
		String release = after.kernelRelease();
		CheckIns.CheckIn checkIn = report.checkIn();
		return new Row(report.hostId(), checkIn.sequence(), checkIn.reportHash(), checkIn.agentVersion(), expectedHash,
				Objects.requireNonNull(checkIn.reportText()), state, poolsChanged ? state.pools() : null,
				poolsChanged && !sizes(state.pools()).containsAll(sizes(oldPools)),
				devicesChanged ? after.devices() : null,
				(release != null && !release.equals(before.kernelRelease())) ? release : null,
				StateDiff.between(before, after));
	}

	private static Observation after(Report report) {
		ReportDigest digest = report.digest();
		return new Observation(digest.kernelRelease(), digest.state(), digest.devices());
	}

	@Transactional
	void recordAgentVersion(UUID hostId, String from, String to, Instant now) {
		this.agents.updateAgentVersion(hostId, to);
		this.history.insert(hostId, List.of(HostChange.of("agent.version", from, to)), now);
		this.changes.increment();
	}

	private static Map<UUID, Report> newestPerHost(List<Report> batch) {
		Map<UUID, Report> newest = new LinkedHashMap<>();
		batch.stream()
			.sorted(Comparator.comparing(Report::hostId))
			.forEach((report) -> newest.merge(report.hostId(), report,
					(a, b) -> (b.checkIn().sequence() > a.checkIn().sequence()) ? b : a));
		return newest;
	}

	private static Set<Long> sizes(List<ObservedState.Pool> pools) {
		return pools.stream().map(ObservedState.Pool::pageSizeBytes).collect(Collectors.toSet());
	}

	private static List<ObservedState.Pool> pools(Observation observation) {
		return (observation.state() != null) ? observation.state().pools() : List.of();
	}

	/**
	 * A changed report waiting to be stored.
	 *
	 * @param hostId the host
	 * @param checkIn the check-in that carried it
	 * @param digest what the service keeps of it
	 */
	record Report(UUID hostId, CheckIns.CheckIn checkIn, ReportDigest digest) {
	}

}
