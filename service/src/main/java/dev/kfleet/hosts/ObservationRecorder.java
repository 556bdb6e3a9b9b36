package dev.kfleet.hosts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.hosts.ObservedStateRepository.StoredReport;
import dev.kfleet.hosts.StateDiff.Observation;

/**
 * Stores a changed report: the sequence guard first (a replayed or older check-in changes
 * nothing), then the observed state, the VDUSE devices and the report itself, and one
 * history entry per field that changed.
 */
@Component
class ObservationRecorder {

	private final AgentPresenceRepository agents;

	private final ObservedStateRepository states;

	private final HostHistoryRepository history;

	private final HostRepository hosts;

	private final ObservationCache observations;

	private final JsonMapper json;

	private final Counter changes;

	ObservationRecorder(AgentPresenceRepository agents, ObservedStateRepository states, HostHistoryRepository history,
			HostRepository hosts, ObservationCache observations, JsonMapper json, MeterRegistry meters) {
		this.agents = agents;
		this.states = states;
		this.history = history;
		this.hosts = hosts;
		this.observations = observations;
		this.json = json;
		this.changes = Counter.builder("kfleet.hosts.changes.recorded")
			.description("History entries written: fields of hosts' observed state that changed")
			.register(meters);
	}

	/**
	 * Records a full report; false when its sequence was not newer than the last
	 * accepted.
	 */
	@Transactional
	boolean record(UUID hostId, CheckIns.CheckIn checkIn, Instant now) {
		this.agents.commitWithoutWaitingForDisk();
		Optional<AgentPresenceRepository.Previous> previous = this.agents.acceptReport(hostId, checkIn.sequence(),
				checkIn.reportHash(), checkIn.agentVersion(), now);
		if (previous.isEmpty()) {
			return false;
		}
		Observation before = this.observations.get(hostId, previous.get().reportHash()).orElseGet(() -> load(hostId));
		ReportDigest digest = ReportDigest.of(Objects.requireNonNull(checkIn.report()), now);
		Observation after = new Observation(digest.kernelRelease(), digest.state(), digest.devices());
		List<HostChange> changed = StateDiff.between(before, after);
		this.states.save(hostId, digest.state());
		if (!Objects.equals(pools(before), digest.state().pools())) {
			this.states.replacePools(hostId, digest.state().pools());
		}
		if (!before.devices().equals(digest.devices())) {
			this.states.replaceDevices(hostId, digest.devices(), now);
		}
		if (digest.kernelRelease() != null && !digest.kernelRelease().equals(before.kernelRelease())) {
			this.hosts.findById(hostId)
				.ifPresent((host) -> this.hosts.update(host.withKernelRelease(digest.kernelRelease(), now)));
		}
		this.states.saveReport(hostId, new StoredReport(now, checkIn.sequence(), checkIn.agentVersion(),
				checkIn.reportHash(), this.json.writeValueAsString(checkIn.report())));
		this.history.insert(hostId, changed, now);
		this.changes.increment(changed.size());
		this.observations.put(hostId, checkIn.reportHash(), after);
		return true;
	}

	/** The last observation as stored. */
	private Observation load(UUID hostId) {
		String release = this.hosts.findById(hostId).map(Host::kernelRelease).orElse(null);
		return new Observation(release, this.states.find(hostId).orElse(null), this.states.devices(hostId));
	}

	@Transactional
	void recordAgentVersion(UUID hostId, String from, String to, Instant now) {
		this.agents.updateAgentVersion(hostId, to);
		this.history.insert(hostId, List.of(HostChange.of("agent.version", from, to)), now);
		this.changes.increment();
	}

	private static List<ObservedState.Pool> pools(Observation observation) {
		return (observation.state() != null) ? observation.state().pools() : List.of();
	}

}
