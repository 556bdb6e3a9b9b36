package dev.kfleet.observations;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.desiredstate.ActionResult;
import dev.kfleet.desiredstate.DesiredState;
import dev.kfleet.desiredstate.DesiredStateService;
import dev.kfleet.observations.AgentSessions.Session;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.DatabaseFailures;

/**
 * The check-in policy: what the service does when an agent checks in (ADR 0009, ADR
 * 0028), and when an agent enrolls. A replica whose view of the desired state is too old
 * refuses a check-in (503) before recording anything. A check-in whose sequence is not
 * newer than every one accepted changes nothing. A report that changed is stored with the
 * others that arrive together ({@link ReportBatcher}), with one history entry for what it
 * changed; a check-in that changes nothing is a heartbeat in memory. The results of
 * actions are recorded when the check-in was accepted, and the answer carries the desired
 * state and the next interval. The agents module parses and validates the request and
 * calls this service, and only this one.
 */
@Service
public class CheckInService {

	private final AgentSessions sessions;

	private final AgentPresenceRepository agents;

	private final ObservationRecorder recorder;

	private final ReportBatcher batcher;

	private final HeartbeatBuffer heartbeats;

	private final HostHistoryRepository history;

	private final DesiredStateService desiredStates;

	private final HostProperties properties;

	private final Clock clock;

	/**
	 * Every outcome of a check-in, counted from zero: a rate over a counter that appears
	 * at its first increment misses that increment.
	 */
	static final List<String> OUTCOMES = List.of("report", "unchanged", "report-wanted", "not-accepted", "rejected",
			"unavailable", "failed");

	private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	CheckInService(AgentSessions sessions, AgentPresenceRepository agents, ObservationRecorder recorder,
			ReportBatcher batcher, HeartbeatBuffer heartbeats, HostHistoryRepository history,
			DesiredStateService desiredStates, HostProperties properties, Clock clock, MeterRegistry meters) {
		this.sessions = sessions;
		this.agents = agents;
		this.recorder = recorder;
		this.batcher = batcher;
		this.heartbeats = heartbeats;
		this.history = history;
		this.desiredStates = desiredStates;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		OUTCOMES.forEach(this::counter);
	}

	/**
	 * Counts a check-in that failed before it had an answer: {@code rejected} when the
	 * request broke the contract (4xx), {@code unavailable} when this replica could not
	 * serve it (503: the database, or too old a view of the desired state),
	 * {@code failed} for anything else.
	 * @param failure what the check-in threw
	 */
	public void countFailed(Exception failure) {
		count(failureOutcome(failure));
	}

	static String failureOutcome(Exception failure) {
		if (failure instanceof ApiException api) {
			int status = api.problem().status().value();
			return (status == 503) ? "unavailable" : (status >= 500) ? "failed" : "rejected";
		}
		if (DatabaseFailures.isUnavailable(failure)) {
			return "unavailable";
		}
		return (failure instanceof IOException) ? "rejected" : "failed";
	}

	/**
	 * Starts a new session of the agent of a host that enrolls (the caller decided it
	 * may, and brought the host's facts up to date): the sequence starts again, the next
	 * check-in must carry a full report, and the history records the enrollment.
	 */
	@Transactional
	public void startSession(UUID hostId, String agentVersion) {
		Instant now = now();
		Instant previous = this.agents.find(hostId).map(AgentPresence::enrolledAt).orElse(null);
		this.agents.enroll(hostId, agentVersion, now);
		this.history.insert(hostId, List.of(new FieldChange("enrollment", previous, now)), now);
		this.sessions.forget(hostId);
	}

	/**
	 * Takes one check-in of an enrolled host's agent, whose report (if any) validated
	 * against the contract.
	 * @param results what the agent did about its desired state, recorded when the
	 * check-in is accepted
	 */
	public Answer checkIn(UUID hostId, CheckIn checkIn, List<ActionResult> results) {
		// First, so that a replica whose view of the desired state is too old refuses the
		// check-in (503) before recording anything.
		DesiredState desired = this.desiredStates.currentFor(hostId);
		Outcome outcome = record(hostId, checkIn, results);
		return new Answer(outcome, nextCheckInSeconds(), desired);
	}

	/**
	 * Records the check-in and, once it is accepted, the results: with the changed report
	 * in its batch, or on their own with a heartbeat.
	 */
	private Outcome record(UUID hostId, CheckIn checkIn, List<ActionResult> results) {
		Session session = this.sessions.get(hostId);
		if (checkIn.sequence() <= session.lastSequence()) {
			count("not-accepted");
			return new Outcome(false, session.lastSequence(), false);
		}
		if (checkIn.report() == null || checkIn.reportHash().equals(session.reportHash())) {
			Outcome outcome = heartbeat(hostId, session, checkIn);
			if (!results.isEmpty()) {
				this.desiredStates.recordResults(hostId, results);
			}
			return outcome;
		}
		ReportDigest digest = ReportDigest.of(Objects.requireNonNull(checkIn.report()), now());
		if (!this.batcher.record(new ObservationRecorder.Report(hostId, checkIn, digest, results))) {
			this.sessions.forget(hostId);
			long acknowledged = this.sessions.get(hostId).lastSequence();
			count("not-accepted");
			return new Outcome(false, acknowledged, false);
		}
		this.sessions.advance(hostId, checkIn.sequence(), checkIn.reportHash(), checkIn.agentVersion());
		count("report");
		return new Outcome(true, checkIn.sequence(), false);
	}

	/** The interval until an agent's next check-in, with jitter. */
	public int nextCheckInSeconds() {
		double jitter = this.properties.checkInJitter();
		double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter + Double.MIN_VALUE);
		return (int) Math.max(1, Math.round(this.properties.checkInInterval().toSeconds() * factor));
	}

	private Outcome heartbeat(UUID hostId, Session session, CheckIn checkIn) {
		Instant now = now();
		if (session.agentVersion() != null && !checkIn.agentVersion().equals(session.agentVersion())) {
			this.recorder.recordAgentVersion(hostId, session.agentVersion(), checkIn.agentVersion(), now);
		}
		boolean wanted = !checkIn.reportHash().equals(session.reportHash());
		this.heartbeats.record(hostId, now, checkIn.sequence(), wanted ? null : session.reportHash());
		this.sessions.advance(hostId, checkIn.sequence(), session.reportHash(), checkIn.agentVersion());
		count(wanted ? "report-wanted" : "unchanged");
		return new Outcome(true, checkIn.sequence(), wanted);
	}

	private void count(String outcome) {
		counter(outcome).increment();
	}

	private Counter counter(String outcome) {
		return this.outcomes.computeIfAbsent(outcome,
				(name) -> Counter.builder("kfleet.hosts.check-ins")
					.description("Agent check-ins by outcome: accepted (report, unchanged, report-wanted), "
							+ "not-accepted, or failed before an answer (rejected, unavailable, failed)")
					.tag("outcome", name)
					.register(this.meters));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * A check-in as the agent sent it.
	 *
	 * @param agentVersion the agent's version
	 * @param sequence its sequence
	 * @param reportHash the hash of its current report
	 * @param report the full report (validated against the contract), or {@code null}
	 * @param reportText the report as the agent sent it (stored as it is), or
	 * {@code null}
	 */
	public record CheckIn(String agentVersion, long sequence, String reportHash, @Nullable JsonNode report,
			@Nullable String reportText) {

		public CheckIn {
			if ((report == null) != (reportText == null)) {
				throw new IllegalArgumentException("A report comes with its text");
			}
		}

	}

	/**
	 * What became of a check-in.
	 *
	 * @param accepted false when its sequence was not newer; nothing was recorded
	 * @param acknowledgedSequence the highest sequence accepted
	 * @param fullReportWanted the service does not hold the report with the given hash
	 */
	public record Outcome(boolean accepted, long acknowledgedSequence, boolean fullReportWanted) {
	}

	/**
	 * The answer to a check-in.
	 *
	 * @param outcome what became of it
	 * @param nextCheckInSeconds when the agent checks in next
	 * @param desiredState what the agent should apply
	 */
	public record Answer(Outcome outcome, int nextCheckInSeconds, DesiredState desiredState) {
	}

}
