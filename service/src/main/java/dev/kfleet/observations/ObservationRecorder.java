package dev.kfleet.observations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.desiredstate.ActionResult;
import dev.kfleet.desiredstate.DesiredStateService;
import dev.kfleet.hosts.HostService;
import dev.kfleet.observations.AgentPresenceRepository.Accept;
import dev.kfleet.observations.AgentPresenceRepository.Previous;
import dev.kfleet.observations.ObservedStateRepository.StoredReport;
import dev.kfleet.observations.StateDiff.Observation;

/**
 * Stores a batch of changed reports in one transaction: the sequence guard first (a
 * replayed or older check-in changes nothing), then the observed state, the VDUSE devices
 * and the reports themselves, and one history entry per host whose tracked fields changed
 * (holding all of them), each table in one batched statement. The old state is taken from
 * the {@link ObservationCache} when it is current, and the transaction does not wait for
 * the disk (a lost report is sent again).
 */
@Component
class ObservationRecorder {

	private final AgentPresenceRepository agents;

	private final ObservedStateRepository states;

	private final HostHistoryRepository history;

	private final HostService hosts;

	private final ObservationCache observations;

	private final Counter changes;

	private final ApplicationEventPublisher events;

	private final DesiredStateService desiredStates;

	ObservationRecorder(AgentPresenceRepository agents, ObservedStateRepository states, HostHistoryRepository history,
			HostService hosts, ObservationCache observations, ApplicationEventPublisher events,
			DesiredStateService desiredStates, MeterRegistry meters) {
		this.agents = agents;
		this.desiredStates = desiredStates;
		this.events = events;
		this.states = states;
		this.history = history;
		this.hosts = hosts;
		this.observations = observations;
		this.changes = Counter.builder("kfleet.hosts.changes.recorded")
			.description("Fields of hosts' observed state that changed, as written to their history")
			.register(meters);
	}

	/**
	 * Records changed reports, one per host (the newest sequence wins within a batch);
	 * returns the hosts whose report was accepted, with what they now hold.
	 */
	@Transactional
	Map<UUID, Observation> record(List<Report> batch, Instant now) {
		Map<UUID, Report> newest = newestPerHost(batch);
		// Results are what a rollout waits for, and an agent does not send them again
		// once answered: a batch that holds any commits durably; reports alone do not
		// wait for the disk (a lost report is sent again).
		boolean durable = newest.values().stream().anyMatch((r) -> !r.results().isEmpty());
		Map<UUID, Previous> accepted = this.agents.acceptReports(newest.values()
			.stream()
			.map((r) -> new Accept(r.hostId(), r.checkIn().sequence(), r.checkIn().reportHash(),
					r.checkIn().agentVersion()))
			.toList(), durable, now);
		if (accepted.isEmpty()) {
			return Map.of();
		}
		Map<UUID, Observation> before = before(accepted);
		Map<UUID, Observation> after = new LinkedHashMap<>();
		Map<UUID, List<FieldChange>> changed = new HashMap<>();
		for (UUID hostId : accepted.keySet()) {
			ReportDigest digest = newest.get(hostId).digest();
			after.put(hostId, new Observation(digest.kernelRelease(), digest.state(), digest.devices()));
			changed.put(hostId, changes(before.get(hostId), after.get(hostId), accepted.get(hostId),
					newest.get(hostId).checkIn().agentVersion()));
		}
		write(newest, before, after, now);
		Map<UUID, List<ActionResult>> results = new LinkedHashMap<>();
		accepted.keySet().forEach((hostId) -> {
			List<ActionResult> reported = newest.get(hostId).results();
			if (!reported.isEmpty()) {
				results.put(hostId, reported);
			}
		});
		if (!results.isEmpty()) {
			this.desiredStates.recordResults(results);
		}
		this.history.insert(changed, now);
		this.changes.increment(changed.values().stream().mapToInt(List::size).sum());
		publish(ObservationsChanged.of(changed));
		return after;
	}

	/**
	 * What changed, the agent's version included (an upgraded agent sends a new report).
	 */
	private static List<FieldChange> changes(Observation before, Observation after, Previous previous,
			String agentVersion) {
		List<FieldChange> changes = new ArrayList<>(StateDiff.between(before, after));
		if (previous.agentVersion() != null && !previous.agentVersion().equals(agentVersion)) {
			changes.add(new FieldChange("agent.version", previous.agentVersion(), agentVersion));
		}
		return changes;
	}

	private void write(Map<UUID, Report> reports, Map<UUID, Observation> before, Map<UUID, Observation> after,
			Instant now) {
		Map<UUID, ObservedState> states = new HashMap<>();
		Map<UUID, List<ObservedState.Pool>> pools = new HashMap<>();
		Map<UUID, List<ObservedState.Pool>> shrunk = new HashMap<>();
		Map<UUID, List<VduseDeviceState>> devices = new HashMap<>();
		Map<UUID, StoredReport> stored = new HashMap<>();
		after.forEach((hostId, observation) -> {
			ObservedState state = Objects.requireNonNull(observation.state());
			states.put(hostId, state);
			List<ObservedState.Pool> old = pools(before.get(hostId));
			List<ObservedState.Pool> changedPools = state.pools()
				.stream()
				.filter((pool) -> !old.contains(pool))
				.toList();
			if (!changedPools.isEmpty()) {
				pools.put(hostId, changedPools);
			}
			if (!sizes(state.pools()).containsAll(sizes(old))) {
				shrunk.put(hostId, state.pools());
			}
			if (!observation.devices().equals(before.get(hostId).devices())) {
				devices.put(hostId, observation.devices());
			}
			CheckInService.CheckIn checkIn = reports.get(hostId).checkIn();
			stored.put(hostId, new StoredReport(now, checkIn.sequence(), checkIn.agentVersion(), checkIn.reportHash(),
					Objects.requireNonNull(checkIn.reportText())));
			updateKernelRelease(hostId, before.get(hostId), observation, now);
		});
		this.states.saveAll(states);
		this.states.savePools(pools, shrunk);
		this.states.replaceDevices(devices, now);
		this.states.saveReports(stored);
	}

	private void updateKernelRelease(UUID hostId, Observation before, Observation after, Instant now) {
		String release = after.kernelRelease();
		if (release != null && !release.equals(before.kernelRelease())) {
			this.hosts.kernelReleaseReported(hostId, release, now);
		}
	}

	/** The last observations: from the cache where current, from the tables otherwise. */
	private Map<UUID, Observation> before(Map<UUID, Previous> accepted) {
		Map<UUID, Observation> before = new HashMap<>();
		List<UUID> missing = new ArrayList<>();
		accepted.forEach((hostId, previous) -> this.observations.get(hostId, previous.reportHash())
			.ifPresentOrElse((observation) -> before.put(hostId, observation), () -> missing.add(hostId)));
		if (!missing.isEmpty()) {
			Map<UUID, String> releases = this.hosts.kernelReleases(missing);
			Map<UUID, ObservedState> states = this.states.findAll(missing);
			Map<UUID, List<VduseDeviceState>> devices = this.states.devicesOf(missing);
			missing.forEach((hostId) -> before.put(hostId, new Observation(releases.get(hostId), states.get(hostId),
					devices.getOrDefault(hostId, List.of()))));
		}
		return before;
	}

	@Transactional
	void recordAgentVersion(UUID hostId, String from, String to, Instant now) {
		this.agents.updateAgentVersion(hostId, to);
		List<FieldChange> changed = List.of(new FieldChange("agent.version", from, to));
		this.history.insert(hostId, changed, now);
		this.changes.increment();
		publish(ObservationsChanged.of(Map.of(hostId, changed)));
	}

	/**
	 * Publishes what changed, in the transaction that stores it; nothing when nothing
	 * did.
	 */
	private void publish(List<ObservationsChanged.HostChanged> hosts) {
		if (!hosts.isEmpty()) {
			this.events.publishEvent(new ObservationsChanged(hosts));
		}
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
	 * @param results what the agent did about its desired state, stored with the report
	 */
	record Report(UUID hostId, CheckInService.CheckIn checkIn, ReportDigest digest, List<ActionResult> results) {

		Report {
			results = List.copyOf(results);
		}

		Report(UUID hostId, CheckInService.CheckIn checkIn, ReportDigest digest) {
			this(hostId, checkIn, digest, List.of());
		}

	}

}
