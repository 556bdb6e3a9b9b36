package dev.kfleet.desiredstate;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.kfleet.audit.AuditLog;

/**
 * What a write of desired state leaves behind besides the versions: one audit event per
 * host written ({@code desired-state.set}, or {@code desired-state.forced} naming the
 * owner and version it replaced), a count per outcome, and one log line.
 */
@Component
class DesiredStateAudit {

	private static final Logger log = LoggerFactory.getLogger(DesiredStateAudit.class);

	private final AuditLog audit;

	private final MeterRegistry meters;

	DesiredStateAudit(AuditLog audit, MeterRegistry meters) {
		this.audit = audit;
		this.meters = meters;
	}

	/** Records the outcomes of one write, in its transaction. */
	void written(DesiredStateOwner owner, Collection<SetOutcome> outcomes, Map<UUID, DesiredState> written) {
		Map<UUID, Map<String, @Nullable Object>> set = new LinkedHashMap<>();
		Map<UUID, Map<String, @Nullable Object>> forced = new LinkedHashMap<>();
		for (SetOutcome outcome : outcomes) {
			if (outcome instanceof SetOutcome.Written w) {
				Map<String, @Nullable Object> details = details(owner, written.get(w.hostId()));
				if (w.forced()) {
					if (w.forcedOver() != null) {
						details.put("replaced", Map.of("version", w.forcedOver().version(), "owner",
								w.forcedOver().owner().describe()));
					}
					if (w.forcedHold() != null) {
						details.put("heldBy", w.forcedHold().describe());
					}
					forced.put(w.hostId(), details);
				}
				else {
					set.put(w.hostId(), details);
				}
			}
		}
		this.audit.recordAll(owner.actor(), "desired-state.set", "host", set);
		this.audit.recordAll(owner.actor(), "desired-state.forced", "host", forced);
		Map<String, Long> counts = outcomes.stream()
			.collect(Collectors.groupingBy(DesiredStateAudit::name, LinkedHashMap::new, Collectors.counting()));
		counts.forEach((name, count) -> Counter.builder("kfleet.desired-state.writes")
			.description("Hosts whose desired state a caller asked to set, by outcome and kind of owner")
			.tag("outcome", name)
			.tag("owner", owner.kind().value())
			.register(this.meters)
			.increment(count));
		logged(owner, outcomes, counts);
	}

	private static Map<String, @Nullable Object> details(DesiredStateOwner owner, DesiredState state) {
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("version", state.version());
		details.put("actions", state.actions().stream().map(Action::type).toList());
		details.put("owner", owner.describe());
		return details;
	}

	private static void logged(DesiredStateOwner owner, Collection<SetOutcome> outcomes, Map<String, Long> counts) {
		if (outcomes.size() == 1) {
			SetOutcome only = outcomes.iterator().next();
			log.info("Desired state of host {} set by {}: {}", only.hostId(), owner, describe(only));
		}
		else {
			log.info("Desired state of {} hosts set by {}: {}", outcomes.size(), owner, counts);
		}
	}

	private static String describe(SetOutcome outcome) {
		return switch (outcome) {
			case SetOutcome.Written w when w.forcedOver() != null -> "version " + w.version() + ", forced over version "
					+ w.forcedOver().version() + " of " + w.forcedOver().owner() + " in flight";
			case SetOutcome.Written w when w.forcedHold() != null ->
				"version " + w.version() + ", forced over " + w.forcedHold() + ", which held the host";
			case SetOutcome.Written w -> "version " + w.version();
			case SetOutcome.HeldByRollout h -> "refused, " + h.holder() + " holds the host";
			case SetOutcome.InFlight f ->
				"refused, version " + f.held().version() + " of " + f.held().owner() + " is in flight";
			case SetOutcome.UnknownHost u -> "refused, no such host";
			case SetOutcome.Decommissioned d -> "refused, the host is decommissioned";
		};
	}

	/** The outcome's name in metrics. */
	static String name(SetOutcome outcome) {
		return switch (outcome) {
			case SetOutcome.Written w -> w.forced() ? "forced" : "written";
			case SetOutcome.HeldByRollout h -> "held-by-rollout";
			case SetOutcome.InFlight f -> "in-flight";
			case SetOutcome.UnknownHost u -> "unknown-host";
			case SetOutcome.Decommissioned d -> "decommissioned";
		};
	}

}
