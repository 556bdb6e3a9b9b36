package dev.kfleet.desiredstate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.hosts.HostService;

/**
 * Sets the desired state of many hosts in the caller's transaction: each active host gets
 * a new version owned by the caller unless its version in flight is another owner's and
 * the caller does not force it (ADR 0030). What was written is audited
 * ({@link DesiredStateAudit}) and enters this replica's copy once committed.
 */
@Component
class DesiredStateWriter {

	private final DesiredStateWrites writes;

	private final HostService hosts;

	private final DesiredStateCache cache;

	private final DesiredStateAudit audit;

	private final JsonMapper json;

	private final Clock clock;

	private final ObjectProvider<DesiredStateHolds> holds;

	DesiredStateWriter(DesiredStateWrites writes, HostService hosts, DesiredStateCache cache, DesiredStateAudit audit,
			JsonMapper json, Clock clock, ObjectProvider<DesiredStateHolds> holds) {
		this.holds = holds;
		this.writes = writes;
		this.hosts = hosts;
		this.cache = cache;
		this.audit = audit;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Writes what may be written and says, per host in the order given, what happened.
	 * @param wanted each host's actions, already checked
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Map<UUID, SetOutcome> set(DesiredStateOwner owner, Map<UUID, List<Action>> wanted, boolean force) {
		Map<UUID, SetOutcome> outcomes = new HashMap<>();
		SortedMap<UUID, String> active = active(wanted, outcomes);
		Map<UUID, DesiredStateOwner> forcedHolds = takeHolds(owner, force, active, outcomes);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		this.writes.insertFirst(active, owner, now)
			.forEach((hostId) -> outcomes.put(hostId, new SetOutcome.Written(hostId, 1, null)));
		List<UUID> held = active.keySet().stream().filter((hostId) -> !outcomes.containsKey(hostId)).toList();
		replaceHeld(owner, force, held, active, now, outcomes);
		Map<UUID, DesiredState> written = new HashMap<>();
		outcomes.replaceAll(
				(hostId, outcome) -> (outcome instanceof SetOutcome.Written w && forcedHolds.containsKey(hostId))
						? new SetOutcome.Written(hostId, w.version(), w.forcedOver(), forcedHolds.get(hostId))
						: outcome);
		outcomes.values().forEach((outcome) -> {
			if (outcome instanceof SetOutcome.Written w) {
				written.put(w.hostId(), new DesiredState(w.version(), wanted.get(w.hostId())));
			}
		});
		if (!forcedHolds.isEmpty()) {
			this.holds.getObject().forced(forcedHolds.keySet(), owner);
		}
		this.audit.written(owner, outcomes.values(), written);
		this.cache.written(written);
		Map<UUID, SetOutcome> ordered = new LinkedHashMap<>();
		wanted.keySet().forEach((hostId) -> ordered.put(hostId, outcomes.get(hostId)));
		return ordered;
	}

	/**
	 * The active hosts with their actions as JSON, in host order; the unknown and
	 * decommissioned ones go to {@code outcomes}.
	 */
	private SortedMap<UUID, String> active(Map<UUID, List<Action>> wanted, Map<UUID, SetOutcome> outcomes) {
		Map<UUID, Boolean> decommissioned = this.hosts.decommissioned(wanted.keySet());
		Map<List<Action>, String> texts = new IdentityHashMap<>();
		SortedMap<UUID, String> active = new TreeMap<>();
		wanted.forEach((hostId, actions) -> {
			Boolean gone = decommissioned.get(hostId);
			if (gone == null) {
				outcomes.put(hostId, new SetOutcome.UnknownHost(hostId));
			}
			else if (gone) {
				outcomes.put(hostId, new SetOutcome.Decommissioned(hostId));
			}
			else {
				active.put(hostId, texts.computeIfAbsent(actions, this.json::writeValueAsString));
			}
		});
		return active;
	}

	/**
	 * Takes the hosts an active rollout holds out of {@code active} when the writer is
	 * not a rollout and does not force (refused: {@link SetOutcome.HeldByRollout}); with
	 * force they stay, and are returned with their holders.
	 */
	private Map<UUID, DesiredStateOwner> takeHolds(DesiredStateOwner owner, boolean force,
			SortedMap<UUID, String> active, Map<UUID, SetOutcome> outcomes) {
		DesiredStateHolds holding = this.holds.getIfAvailable();
		if (holding == null || owner.kind() == DesiredStateOwner.Kind.ROLLOUT || active.isEmpty()) {
			return Map.of();
		}
		Map<UUID, DesiredStateOwner> holders = holding.holders(active.keySet());
		if (!force) {
			holders.forEach((hostId, holder) -> {
				active.remove(hostId);
				outcomes.put(hostId, new SetOutcome.HeldByRollout(hostId, holder));
			});
			return Map.of();
		}
		return holders;
	}

	/** Locks the hosts that hold a version, decides for each, and writes the winners. */
	private void replaceHeld(DesiredStateOwner owner, boolean force, List<UUID> hostIds, Map<UUID, String> actions,
			Instant now, Map<UUID, SetOutcome> outcomes) {
		Map<UUID, HeldVersion> held = this.writes.lockAndRead(hostIds);
		List<DesiredStateWrites.Replacing> replacing = new ArrayList<>();
		Map<UUID, OwnedVersion> forcedOver = new HashMap<>();
		for (UUID hostId : hostIds) {
			HeldVersion version = held.get(hostId);
			if (version == null) {
				throw new IllegalStateException("host " + hostId + " has neither a desired state nor a new one");
			}
			HeldVersion.Replacement replacement = version.replacedBy(owner, force);
			if (!replacement.writes()) {
				outcomes.put(hostId, new SetOutcome.InFlight(hostId, version.owned()));
				continue;
			}
			if (replacement == HeldVersion.Replacement.FORCED) {
				forcedOver.put(hostId, version.owned());
			}
			replacing.add(new DesiredStateWrites.Replacing(hostId, version.version(), actions.get(hostId)));
		}
		Map<UUID, Long> versions = this.writes.replace(replacing, owner, now);
		if (versions.size() != replacing.size()) {
			throw new IllegalStateException("locked desired states changed under their locks");
		}
		versions.forEach((hostId, version) -> outcomes.put(hostId,
				new SetOutcome.Written(hostId, version, forcedOver.get(hostId))));
	}

}
