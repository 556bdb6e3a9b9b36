package dev.kfleet.observations;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Published once per batch of accepted reports (and by the stale-host scan) in the
 * transaction that stores them: which hosts' observations changed, and in what. Delivered
 * to other modules after it commits, and again after a restart if a listener did not
 * finish (ADR 0032). It says what changed, not to what: a listener reads the state it
 * needs.
 *
 * @param hosts the hosts whose observations changed, each once
 */
public record ObservationsChanged(List<HostChanged> hosts) {

	public ObservationsChanged {
		hosts = List.copyOf(hosts);
	}

	/**
	 * The changes of a batch, from each host's changed fields; empty when none changed.
	 */
	static List<HostChanged> of(Map<UUID, List<FieldChange>> changes) {
		List<HostChanged> hosts = new ArrayList<>();
		changes.forEach((hostId, fields) -> {
			Set<Aspect> aspects = EnumSet.noneOf(Aspect.class);
			fields.forEach((field) -> aspects.add(Aspect.of(field.field())));
			if (!aspects.isEmpty()) {
				hosts.add(new HostChanged(hostId, aspects));
			}
		});
		return hosts;
	}

	/**
	 * What changed on one host.
	 *
	 * @param hostId the host
	 * @param aspects what of it changed
	 */
	public record HostChanged(UUID hostId, Set<Aspect> aspects) {

		public HostChanged {
			aspects = Set.copyOf(aspects);
		}

	}

	/** What of a host's observations can change. */
	public enum Aspect {

		/** Its agent enrolled, or its version changed. */
		AGENT,

		/** The running kernel's release. */
		KERNEL,

		/** Whether the kernel supports HVO. */
		HVO_SUPPORT,

		/** The HVO switch, or the value the boot configuration sets it to. */
		HVO_SWITCH,

		/** The vmemmap bytes HVO reclaimed, or could reclaim. */
		RECLAIMED_BYTES,

		/** The HugeTLB pools. */
		POOLS,

		/** VDUSE support, modules or devices. */
		VDUSE,

		/** Whether its agent is stale (found by the stale-host scan). */
		STALENESS;

		/** The aspect of a field of the change history ({@code FieldChange.field}). */
		static Aspect of(String field) {
			if (field.startsWith("hugetlb.")) {
				return POOLS;
			}
			if (field.startsWith("vduse.")) {
				return VDUSE;
			}
			return switch (field) {
				case "kernel.release" -> KERNEL;
				case "hvo.supported" -> HVO_SUPPORT;
				case "hvo.switchOn", "hvo.switchPersisted" -> HVO_SWITCH;
				case "hvo.reclaimedBytes", "hvo.reclaimableBytes" -> RECLAIMED_BYTES;
				case "enrollment", "agent.version" -> AGENT;
				default -> throw new IllegalArgumentException("No aspect for the field " + field);
			};
		}

	}

}
