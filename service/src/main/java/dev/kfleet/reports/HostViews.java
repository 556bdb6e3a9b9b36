package dev.kfleet.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.hosts.Host;
import dev.kfleet.hosts.HostRepresentation;
import dev.kfleet.observations.AgentPresence;
import dev.kfleet.observations.ObservationService;
import dev.kfleet.observations.ObservedState;

/**
 * Hosts as the operator API shows them: the inventory with its agent's presence and its
 * observed state, loaded for a whole page in two queries. The host list answers with it,
 * and so does the hosts module for one host ({@link HostRepresentation}).
 */
@Component
class HostViews implements HostRepresentation {

	private final ObservationService observations;

	HostViews(ObservationService observations) {
		this.observations = observations;
	}

	@Transactional(readOnly = true)
	List<HostResponse> of(List<Host> hosts) {
		List<UUID> ids = hosts.stream().map(Host::id).toList();
		Map<UUID, AgentPresence> presence = this.observations.agentsOf(ids);
		Map<UUID, ObservedState> observed = this.observations.statesOf(ids);
		Instant staleBefore = this.observations.staleBefore();
		return hosts.stream()
			.map((host) -> HostResponse.of(host, presence.get(host.id()), observed.get(host.id()), staleBefore))
			.toList();
	}

	@Override
	public HostResponse of(Host host) {
		return of(List.of(host)).getFirst();
	}

	/** A host as the API shows it. */
	record HostResponse(UUID id, String machineId, String hostname, @Nullable String kernelRelease,
			Map<String, String> labels, String state, Instant createdAt, Instant updatedAt,
			@Nullable Instant lastSeenAt, @Nullable Instant decommissionedAt, @Nullable AgentStatus agent,
			@Nullable ObservedStateResponse observed) {

		static HostResponse of(Host host, @Nullable AgentPresence presence, @Nullable ObservedState observed,
				Instant staleBefore) {
			return new HostResponse(host.id(), host.machineId(), host.hostname(), host.kernelRelease(), host.labels(),
					host.isDecommissioned() ? "decommissioned" : "active", host.createdAt(), host.updatedAt(),
					(presence != null) ? presence.lastSeenAt() : null, host.decommissionedAt(),
					(presence != null) ? AgentStatus.of(presence, staleBefore) : null,
					(observed != null) ? ObservedStateResponse.of(observed) : null);
		}

	}

	record AgentStatus(@Nullable String version, Instant enrolledAt, long lastSequence, boolean stale) {

		static AgentStatus of(AgentPresence presence, Instant staleBefore) {
			Instant seen = (presence.lastSeenAt() != null) ? presence.lastSeenAt() : presence.enrolledAt();
			return new AgentStatus(presence.agentVersion(), presence.enrolledAt(), presence.lastSequence(),
					seen.isBefore(staleBefore));
		}

	}

	record ObservedStateResponse(Instant reportedAt, String hvo, @Nullable Boolean hvoSupported,
			@Nullable Boolean hvoSwitchOn, @Nullable Long hvoReclaimedBytes, @Nullable Long hvoReclaimableBytes,
			@Nullable Long hvoAdditionalBytes, List<PoolResponse> hugetlbPools, @Nullable Boolean vduseSupported,
			int vduseDeviceCount, @Nullable Boolean hvoSwitchPersisted, @Nullable Boolean vduseModulesLoaded) {

		static ObservedStateResponse of(ObservedState state) {
			return new ObservedStateResponse(state.reportedAt(), state.hvo(), state.hvoSupported(), state.hvoSwitchOn(),
					state.hvoReclaimedBytes(), state.hvoReclaimableBytes(), state.hvoAdditionalBytes(),
					state.pools().stream().map(PoolResponse::of).toList(), state.vduseSupported(),
					state.vduseDeviceCount(), state.hvoSwitchPersisted(), state.vduseModulesLoaded());
		}

	}

	record PoolResponse(long pageSizeBytes, @Nullable Long total, @Nullable Long free, @Nullable Long bytes) {

		static PoolResponse of(ObservedState.Pool pool) {
			return new PoolResponse(pool.pageSizeBytes(), pool.total(), pool.free(), pool.bytes());
		}

	}

}
