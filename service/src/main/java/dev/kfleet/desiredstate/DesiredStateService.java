package dev.kfleet.desiredstate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.hosts.HostService;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.FieldViolation;

/**
 * Sets hosts' desired state, each version with an owner, hands it to their agents and
 * records what they did.
 */
@Service
public class DesiredStateService {

	/**
	 * The most hosts one {@link #set} call takes; a rollout sets a larger wave in parts.
	 */
	public static final int MAX_HOSTS_PER_CALL = 10_000;

	private final DesiredStateRepository repository;

	private final DesiredStateWriter writer;

	private final DesiredStateCache cache;

	private final HostService hosts;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ApplicationEventPublisher events;

	DesiredStateService(DesiredStateRepository repository, DesiredStateWriter writer, DesiredStateCache cache,
			HostService hosts, Clock clock, MeterRegistry meters, ApplicationEventPublisher events) {
		this.repository = repository;
		this.events = events;
		this.writer = writer;
		this.cache = cache;
		this.hosts = hosts;
		this.clock = clock;
		this.meters = meters;
	}

	/** What the host's agent should apply (from memory; no query in steady state). */
	public DesiredState currentFor(UUID hostId) {
		return this.cache.get(hostId);
	}

	/**
	 * Records the results an agent reported; results it resends are recorded once. The
	 * new ones are announced ({@link ActionResultsRecorded}).
	 */
	@Transactional
	public void recordResults(UUID hostId, List<ActionResult> results) {
		recordResults(Map.of(hostId, results));
	}

	/**
	 * Records the results the agents of many hosts reported, in one statement (the
	 * changed reports' group commit stores them with the reports that came with them);
	 * results resent are recorded once, and the new ones are announced in one
	 * {@link ActionResultsRecorded}.
	 */
	@Transactional
	public void recordResults(Map<UUID, List<ActionResult>> results) {
		results.values()
			.forEach((list) -> list.forEach((result) -> Counter.builder("kfleet.desired-state.results.reported")
				.description("Results of actions that agents reported, by action type and outcome")
				.tag("type", result.type())
				.tag("outcome", result.outcome())
				.register(this.meters)
				.increment()));
		Map<UUID, List<ActionResult>> recorded = this.repository.insertResults(results,
				this.clock.instant().truncatedTo(ChronoUnit.MICROS));
		if (!recorded.isEmpty()) {
			this.events.publishEvent(new ActionResultsRecorded(recorded));
		}
	}

	/**
	 * Sets the desired state of many hosts in one transaction, each host's new version
	 * owned by {@code owner}, and says per host what happened (ADR 0030):
	 * <ul>
	 * <li>{@link SetOutcome.Written}: the host has a new version, the caller's;</li>
	 * <li>{@link SetOutcome.InFlight}: refused, because the host's version is in flight
	 * (an action of it has no result from the agent yet) and another owner's; unless
	 * {@code force}, which replaces it and says so in {@code forcedOver} and in the audit
	 * log ({@code desired-state.forced});</li>
	 * <li>{@link SetOutcome.UnknownHost}, {@link SetOutcome.Decommissioned}:
	 * refused.</li>
	 * </ul>
	 * Outcomes are per host: one refused host does not stop the others. Writers racing
	 * for a host never both win: the later one sees the earlier one's version. What was
	 * written reaches this replica's agents once committed, the others' within a poll.
	 * @param owner who owns the new versions
	 * @param actions each host's actions (the same list may serve many hosts); at most
	 * {@value #MAX_HOSTS_PER_CALL} hosts
	 * @param force whether to replace other owners' versions in flight
	 * @return each host's outcome, in the order of {@code actions}
	 * @throws ApiException (400) if an action is unknown or its parameters are invalid;
	 * nothing is written then
	 */
	@Transactional
	public Map<UUID, SetOutcome> set(DesiredStateOwner owner, Map<UUID, List<ActionRequest>> actions, boolean force) {
		if (actions.size() > MAX_HOSTS_PER_CALL) {
			throw new IllegalArgumentException(
					actions.size() + " hosts in one call; at most " + MAX_HOSTS_PER_CALL + " are taken");
		}
		Map<List<ActionRequest>, List<Action>> checked = new HashMap<>();
		Map<UUID, List<Action>> wanted = new LinkedHashMap<>();
		actions.forEach((hostId, requests) -> wanted.put(hostId, checked.computeIfAbsent(requests, this::checked)));
		return this.writer.set(owner, wanted, force);
	}

	/**
	 * Sets one host's desired state ({@link #set}) and reads the host's desired state
	 * back in the same transaction when it was written.
	 */
	@Transactional
	Answer setOne(UUID hostId, List<ActionRequest> actions, DesiredStateOwner owner, boolean force) {
		SetOutcome outcome = set(owner, Map.of(hostId, actions), force).get(hostId);
		return new Answer(outcome, (outcome instanceof SetOutcome.Written) ? view(hostId) : null);
	}

	@Transactional(readOnly = true)
	View view(UUID hostId) {
		this.hosts.requireExists(hostId);
		return this.repository.find(hostId)
			.map((stored) -> new View(hostId, stored.state(), stored.updatedAt(), stored.owner(), stored.inFlight(),
					this.repository.results(hostId, stored.state().version(), stored.updatedAt())))
			.orElse(new View(hostId, DesiredState.NONE, null, null, false, List.of()));
	}

	/** The actions asked for, with their ids; 400 naming every invalid field. */
	private List<Action> checked(List<ActionRequest> requests) {
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
		return List.copyOf(actions);
	}

	/**
	 * What setting one host's desired state did.
	 *
	 * @param outcome the outcome
	 * @param view the host's desired state when it was written
	 */
	record Answer(SetOutcome outcome, @Nullable View view) {
	}

	/**
	 * A host's desired state with its owner and the results reported for it.
	 *
	 * @param hostId the host
	 * @param state its version and actions
	 * @param updatedAt when the version was set; {@code null} at version 0
	 * @param owner who set it; {@code null} at version 0
	 * @param inFlight whether an action of it still waits for its result
	 * @param results the results reported for this version since it was set
	 */
	record View(UUID hostId, DesiredState state, @Nullable Instant updatedAt, @Nullable DesiredStateOwner owner,
			boolean inFlight, List<DesiredStateRepository.Reported> results) {
	}

}
