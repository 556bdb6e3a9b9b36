package dev.kfleet.desiredstate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.audit.Actor;
import dev.kfleet.audit.AuditLog;
import dev.kfleet.hosts.HostService;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.FieldViolation;

/**
 * Sets hosts' desired state, hands it to their agents and records what they did.
 */
@Service
public class DesiredStateService {

	private static final Logger log = LoggerFactory.getLogger(DesiredStateService.class);

	private final DesiredStateRepository repository;

	private final DesiredStateCache cache;

	private final HostService hosts;

	private final Clock clock;

	private final MeterRegistry meters;

	private final AuditLog audit;

	DesiredStateService(DesiredStateRepository repository, DesiredStateCache cache, HostService hosts, Clock clock,
			MeterRegistry meters, AuditLog audit) {
		this.repository = repository;
		this.cache = cache;
		this.hosts = hosts;
		this.clock = clock;
		this.meters = meters;
		this.audit = audit;
	}

	/** What the host's agent should apply (from memory; no query in steady state). */
	public DesiredState currentFor(UUID hostId) {
		return this.cache.get(hostId);
	}

	/** Records the results an agent reported; results it resends are recorded once. */
	@Transactional
	public void recordResults(UUID hostId, List<ActionResult> results) {
		if (results.isEmpty()) {
			return;
		}
		this.repository.insertResults(hostId, results, now());
		results.forEach((result) -> this.meters
			.counter("kfleet.desired-state.results.reported", "type", result.type(), "outcome", result.outcome())
			.increment());
	}

	/** Replaces a host's desired state with a new version made of these actions. */
	@Transactional
	View set(UUID hostId, List<ActionRequest> requests, ApiPrincipal caller) {
		String by = caller.name();
		this.hosts.requireActive(hostId);
		List<FieldViolation> problems = new ArrayList<>();
		List<Action> actions = new ArrayList<>();
		for (int i = 0; i < requests.size(); i++) {
			ActionRequest request = requests.get(i);
			problems.addAll(ActionTypes.problems(i, request.type(), request.parameters()));
			actions.add(new Action(Integer.toString(i + 1), request.type(), request.parameters()));
		}
		if (!problems.isEmpty()) {
			throw ApiException.invalid(problems);
		}
		long version = this.repository.replace(hostId, actions, now(), by);
		this.audit.record(Actor.of(caller), "desired-state.set", "host", hostId,
				Map.of("version", version, "actions", actions.stream().map(Action::type).toList()));
		this.cache.written(hostId, new DesiredState(version, actions));
		log.info("Desired state of host {} is now version {} ({} actions), set by {}", hostId, version, actions.size(),
				by);
		return view(hostId);
	}

	@Transactional(readOnly = true)
	View view(UUID hostId) {
		this.hosts.requireExists(hostId);
		return this.repository.find(hostId)
			.map((stored) -> new View(hostId, stored.state(), stored.updatedAt(), stored.updatedBy(),
					this.repository.results(hostId, stored.state().version())))
			.orElse(new View(hostId, DesiredState.NONE, null, null, List.of()));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * One action an operator asks for.
	 *
	 * @param type the action type
	 * @param parameters its parameters
	 */
	record ActionRequest(String type, Map<String, Object> parameters) {
	}

	/**
	 * A host's desired state with the results reported for it.
	 */
	record View(UUID hostId, DesiredState state, @org.jspecify.annotations.Nullable Instant updatedAt,
			@org.jspecify.annotations.Nullable String updatedBy, List<DesiredStateRepository.Reported> results) {
	}

}
