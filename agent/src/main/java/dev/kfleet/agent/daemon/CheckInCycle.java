package dev.kfleet.agent.daemon;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

import dev.kfleet.agent.AgentVersion;
import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.actions.Pauser;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.server.AgentClient;
import dev.kfleet.agent.server.Bounds;
import dev.kfleet.agent.server.CheckInProtocol;
import dev.kfleet.agent.server.CheckInRequest;
import dev.kfleet.agent.server.CheckInResponse;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.Enrollment;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.ReportSnapshot;
import dev.kfleet.agent.server.ServerClient;
import dev.kfleet.agent.server.ServerException;

/**
 * One cycle of the daemon: enroll if there is no host token → collect the report → check
 * in (the full report if it changed since the last acknowledged one, else its hash; the
 * pending action results) → apply a newer desired state → save the state. It returns the
 * delay before the next cycle: the service's interval, or the backoff after a failure.
 * <p>
 * Tests (the service's end-to-end test too) drive it directly:
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.defaults(URI.create("http://localhost:" + port), secretFile)
 *     .withRoot(kernelTree).withStateDir(stateDir).withSysctlDropIn(dropIn);
 * try (CheckInCycle cycle = CheckInCycle.open(config, System.err)) {
 *     CycleOutcome first = cycle.runOnce();   // enrolled, full report sent
 *     // ... the operator sets the host's desired state ...
 *     CycleOutcome second = cycle.runOnce();  // receives it, applies it under kernelTree
 *     CycleOutcome third = cycle.runOnce();   // reports the results (third.reportedResults())
 * }
 * }</pre>
 *
 * Not thread-safe: one thread runs the cycles ({@link AgentDaemon}).
 */
public final class CheckInCycle implements AutoCloseable {

	static final int MAX_RESULTS_PER_CHECK_IN = 64;

	private final AgentConfig config;

	private final ServerClient client;

	private final StateHolder state;

	private final AgentLog log;

	private final Backoff backoff;

	private final Pauser pauser;

	private final AutoCloseable resources;

	private final HostCollector collector;

	private final DesiredStateApplier applier;

	CheckInCycle(AgentConfig config, ServerClient client, StateHolder state, AgentLog log, Backoff backoff,
			Pauser pauser, AutoCloseable resources) {
		this.config = config;
		this.client = client;
		this.state = state;
		this.log = log;
		this.backoff = backoff;
		this.pauser = pauser;
		this.resources = resources;
		this.collector = new HostCollector(config.root(), config.clock());
		this.applier = new DesiredStateApplier(config, state, log, pauser);
	}

	/**
	 * Opens a cycle that talks HTTP to {@code config.server()}: checks the state
	 * directory, loads the state file, and regrows any pool a rebuild left smaller when
	 * the agent stopped. Nothing goes over the network until {@link #runOnce()}.
	 * @param config the configuration
	 * @param logStream where the log lines go (stderr for the daemon)
	 * @return the cycle; close it to release its HTTP client
	 * @throws StateStoreException if the state directory or file is not usable
	 */
	public static CheckInCycle open(AgentConfig config, PrintStream logStream) throws StateStoreException {
		AgentLog log = new AgentLog(logStream, config.clock());
		HttpClient http = AgentClient.newHttpClient(Duration.ofSeconds(10), null);
		try {
			return open(config,
					new AgentClient(http, config.server(), config.requestTimeout(), config.maxResponseBytes()), log,
					Pauser.SLEEP, http);
		}
		catch (StateStoreException | RuntimeException ex) {
			http.close();
			throw ex;
		}
	}

	static CheckInCycle open(AgentConfig config, ServerClient client, AgentLog log, Pauser pauser,
			AutoCloseable resources) throws StateStoreException {
		return open(config, client, log, pauser, resources, new Random());
	}

	static CheckInCycle open(AgentConfig config, ServerClient client, AgentLog log, Pauser pauser,
			AutoCloseable resources, RandomGenerator random) throws StateStoreException {
		StateHolder holder = StartupState.load(config, log);
		Backoff backoff = new Backoff(Duration.ofSeconds(1), config.maxBackoff(), random);
		return new CheckInCycle(config, client, holder, log, backoff, pauser, resources);
	}

	/**
	 * Runs one cycle. Never throws for the service or the kernel: failures are in the
	 * outcome and the log.
	 * @return what the cycle did and when to run the next one
	 * @throws InterruptedException if interrupted while waiting for the service
	 */
	public CycleOutcome runOnce() throws InterruptedException {
		boolean enrolled = false;
		try {
			if (!this.state.get().enrolled()) {
				enroll();
				enrolled = true;
			}
			return checkIn(enrolled);
		}
		catch (ServerException ex) {
			return failure(enrolled, ex, ex.getMessage());
		}
		catch (EnrollmentSecret.UnreadableException ex) {
			return failure(enrolled,
					new ServerException(ServerException.Kind.UNAUTHORIZED, 0, ex.getMessage(), Optional.empty()),
					ex.getMessage());
		}
	}

	private void enroll() throws ServerException, EnrollmentSecret.UnreadableException, InterruptedException {
		Enrollment enrollment = new Enroller(this.config, this.client, this.state, this.log).enroll();
		this.backoff.interval(interval("checkInIntervalSeconds", enrollment.checkInIntervalSeconds()));
	}

	private CycleOutcome checkIn(boolean enrolledBefore)
			throws ServerException, EnrollmentSecret.UnreadableException, InterruptedException {
		HostReport report = collect();
		ReportSnapshot snapshot = ReportSnapshot.of(report);
		boolean enrolled = enrolledBefore;
		Exchange exchange;
		try {
			exchange = exchange(snapshot);
		}
		catch (ServerException ex) {
			if (ex.kind() != ServerException.Kind.UNAUTHORIZED) {
				throw ex;
			}
			this.log.warn("host-token-refused", "hostId", this.state.get().hostId().orElse("-"), "detail", ex.detail(),
					"action", "enrolling again");
			this.state.update(AgentState::withoutToken);
			enroll();
			enrolled = true;
			exchange = exchange(snapshot);
		}
		CheckInResponse response = exchange.response();
		Duration next = this.backoff.afterSuccess(interval("nextCheckInSeconds", response.nextCheckInSeconds()),
				exchange.took());
		DesiredState desired = response.desiredState();
		DesiredStateApplier.Applied applied = this.applier.handle(desired, report);
		next = CheckInProtocol.nextWait(next, !applied.results().isEmpty());
		CheckInRequest sent = exchange.request();
		return new CycleOutcome(true, next, enrolled, this.state.get().hostId(), sent.sequence(), response.accepted(),
				sent.reportJson().isPresent(), response.accepted() ? sent.actionResults() : List.of(),
				desired.version(), applied.applied(), applied.results(), Optional.empty());
	}

	/**
	 * An interval from the service, clamped to the contract's bounds (said in the log).
	 */
	private Duration interval(String member, long seconds) {
		Duration interval = Bounds.interval(seconds);
		if (!Bounds.intervalWithin(seconds)) {
			this.log.warn("interval-clamped", "member", member, "sent", seconds, "used", interval.toSeconds());
		}
		return interval;
	}

	private HostReport collect() {
		HostReport report = this.collector.collect(this.state.get().baseline());
		Baselines.from(report)
			.filter((baseline) -> !this.state.get().baseline().equals(Optional.of(baseline)))
			.ifPresent((baseline) -> this.state.update((s) -> s.withBaseline(Optional.of(baseline))));
		return report;
	}

	private Exchange exchange(ReportSnapshot snapshot) throws ServerException, InterruptedException {
		AgentState current = this.state.get();
		List<ActionResult> pending = current.pendingResults();
		CheckInRequest request = CheckInProtocol.request(AgentVersion.current(), current.nextSequence(), snapshot,
				current.acknowledged(), pending.subList(0, Math.min(pending.size(), MAX_RESULTS_PER_CHECK_IN)));
		Instant start = this.config.clock().instant();
		CheckInResponse response = this.client.checkIn(current.hostToken().orElseThrow(), request);
		Duration took = Duration.between(start, this.config.clock().instant());
		this.state.update((s) -> s.checkedIn(CheckInProtocol.nextSequence(response),
				CheckInProtocol.acknowledged(request, snapshot, s.acknowledged(), response),
				CheckInProtocol.stillPending(request, s.pendingResults(), response)));
		this.log.info("check-in", "sequence", request.sequence(), "accepted", response.accepted(),
				"acknowledgedSequence", response.acknowledgedSequence(), "report",
				request.reportJson().isPresent() ? "full" : "hash", "results", request.actionResults().size(),
				"fullReportWanted", response.fullReportWanted(), "desiredVersion", response.desiredState().version(),
				"nextCheckInSeconds", response.nextCheckInSeconds(), "tookMillis", took.toMillis());
		return new Exchange(request, response, took);
	}

	private CycleOutcome failure(boolean enrolled, ServerException ex, String message) {
		Duration delay = this.backoff.next(ex.retryAfter());
		if (ex.kind() == ServerException.Kind.APPROVAL_REQUIRED) {
			delay = EnrollmentApproval.log(this.log, ex, this.state.get(), this.config, delay);
		}
		else {
			if (ex.kind() == ServerException.Kind.CLIENT_ERROR) {
				this.state.update(AgentState::withFullReportNext);
			}
			this.log.warn("cycle-failed", "kind", ex.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), "detail",
					message, "failuresInARow", this.backoff.failures(), "retryInMillis", delay.toMillis());
		}
		return CycleOutcome.failed(delay, enrolled, this.state.get().hostId(), message);
	}

	/**
	 * Returns the state file's path.
	 * @return the path
	 */
	public java.nio.file.Path stateFile() {
		return this.config.stateFile();
	}

	@Override
	public void close() {
		try {
			this.resources.close();
		}
		catch (Exception ex) {
			this.log.warn("close-failed", "cause", ex.toString());
		}
	}

	private record Exchange(CheckInRequest request, CheckInResponse response, Duration took) {
	}

}
