package dev.kfleet.hosts;

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

import dev.kfleet.hosts.AgentSessions.Session;

/**
 * What the hosts module does when an agent enrolls or checks in: it registers the
 * machine, takes the report (when it changed and its sequence is newer than every one
 * accepted), keeps the observed state and writes the history of what changed. A check-in
 * that changes nothing is a heartbeat in memory.
 */
@Service
public class CheckIns {

	private final HostService hosts;

	private final AgentSessions sessions;

	private final AgentPresenceRepository agents;

	private final ObservationRecorder recorder;

	private final ReportBatcher batcher;

	private final HeartbeatBuffer heartbeats;

	private final HostHistoryRepository history;

	private final HostProperties properties;

	private final Clock clock;

	private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	CheckIns(HostService hosts, AgentSessions sessions, AgentPresenceRepository agents, ObservationRecorder recorder,
			ReportBatcher batcher, HeartbeatBuffer heartbeats, HostHistoryRepository history, HostProperties properties,
			Clock clock, MeterRegistry meters) {
		this.hosts = hosts;
		this.sessions = sessions;
		this.agents = agents;
		this.recorder = recorder;
		this.batcher = batcher;
		this.heartbeats = heartbeats;
		this.history = history;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Starts a new enrollment of the agent of a host claimed with
	 * {@link HostService#claim} (the caller decided it may enroll): the host's facts are
	 * brought up to date (a decommissioned host is active again), the sequence starts
	 * again, the next check-in must carry a full report, and the history records the
	 * enrollment.
	 */
	@Transactional
	public void enroll(UUID hostId, String hostname, @Nullable String kernelRelease, String agentVersion) {
		this.hosts.refresh(hostId, hostname, kernelRelease);
		Instant now = now();
		Instant previous = this.agents.find(hostId).map(AgentPresence::enrolledAt).orElse(null);
		this.agents.enroll(hostId, agentVersion, now);
		this.history.insert(hostId, List.of(new FieldChange("enrollment", previous, now)), now);
		this.sessions.forget(hostId);
	}

	/** Takes one check-in of an enrolled host's agent. */
	public Outcome checkIn(UUID hostId, CheckIn checkIn) {
		Session session = this.sessions.get(hostId);
		if (checkIn.sequence() <= session.lastSequence()) {
			count("not-accepted");
			return new Outcome(false, session.lastSequence(), false);
		}
		if (checkIn.report() == null || checkIn.reportHash().equals(session.reportHash())) {
			return heartbeat(hostId, session, checkIn);
		}
		ReportDigest digest = ReportDigest.of(Objects.requireNonNull(checkIn.report()), now());
		if (!this.batcher.record(new ObservationRecorder.Report(hostId, checkIn, digest))) {
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
		this.outcomes
			.computeIfAbsent(outcome,
					(name) -> Counter.builder("kfleet.hosts.check-ins")
						.description("Agent check-ins by outcome")
						.tag("outcome", name)
						.register(this.meters))
			.increment();
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

}
