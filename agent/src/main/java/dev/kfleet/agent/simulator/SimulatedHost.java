package dev.kfleet.agent.simulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import dev.kfleet.agent.AgentVersion;
import dev.kfleet.agent.actions.ActionExecutor;
import dev.kfleet.agent.actions.Pauser;
import dev.kfleet.agent.actions.PoolJournal;
import dev.kfleet.agent.server.Acknowledged;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.Bounds;
import dev.kfleet.agent.server.CheckInProtocol;
import dev.kfleet.agent.server.CheckInRequest;
import dev.kfleet.agent.server.CheckInResponse;
import dev.kfleet.agent.server.DesiredVersions;
import dev.kfleet.agent.server.EnrollRequest;
import dev.kfleet.agent.server.Enrollment;
import dev.kfleet.agent.server.ReportSnapshot;
import dev.kfleet.agent.server.RequestKey;
import dev.kfleet.agent.server.ServerClient;
import dev.kfleet.agent.server.ServerException;

/**
 * One simulated host: its modeled kernel and the agent's protocol state, kept in memory.
 * A check-in follows the daemon's rules ({@link CheckInProtocol}) and applies desired
 * state with the agent's own {@link ActionExecutor} against the modeled kernel.
 */
final class SimulatedHost {

	private final int index;

	private final String machineId;

	private final String hostname;

	private final SimulatedKernel kernel;

	private final Faults faults;

	private final SplittableRandom random;

	private String hostToken;

	private String hostId;

	private long nextSequence = 1;

	private Optional<Acknowledged> acknowledged = Optional.empty();

	private long appliedVersion;

	private final DesiredVersions versions = new DesiredVersions();

	private String requestKey;

	private boolean renewal;

	private List<ActionResult> pending = List.of();

	private ReportSnapshot snapshot;

	private long snapshotOf = -1;

	private boolean flapped;

	private volatile HostTruth truth;

	SimulatedHost(int index, String machineId, String hostname, SimulatedKernel kernel, Faults faults,
			SplittableRandom random) {
		this.index = index;
		this.machineId = machineId;
		this.hostname = hostname;
		this.kernel = kernel;
		this.faults = faults;
		this.random = random;
	}

	int index() {
		return this.index;
	}

	String machineId() {
		return this.machineId;
	}

	Faults faults() {
		return this.faults;
	}

	SimulatedKernel kernel() {
		return this.kernel;
	}

	SplittableRandom random() {
		return this.random;
	}

	/**
	 * Tells whether the host can check in: it holds a token and need not enroll again
	 * (its sequence would pass 2^53 − 1).
	 * @return whether it is enrolled
	 */
	boolean enrolled() {
		return this.hostToken != null && !this.renewal;
	}

	String hostToken() {
		return this.hostToken;
	}

	String hostId() {
		return this.hostId;
	}

	long nextSequence() {
		return this.nextSequence;
	}

	/**
	 * What the agent knew after its latest successful check-in (read without the lock).
	 */
	Optional<HostTruth> truth() {
		return Optional.ofNullable(this.truth);
	}

	/**
	 * Restores the enrollment a state file kept; a sequence out of bounds makes the host
	 * enroll again with its token as proof.
	 */
	void restore(String id, String token, long sequence) {
		this.hostId = id;
		this.hostToken = token;
		this.nextSequence = sequence;
		this.renewal = sequence < 1 || sequence > Bounds.MAX_SEQUENCE;
	}

	/**
	 * Enrolls as the daemon does: with a request key kept until it succeeds, and the host
	 * token as proof when the host holds one (a host restored from the state file whose
	 * sequence ran out, say).
	 * @param client the client
	 * @param secret the enrollment secret
	 * @return the enrollment
	 * @throws ServerException if the service refused (409 when it needs an operator's
	 * approval) or could not be reached
	 * @throws InterruptedException if interrupted
	 */
	Enrollment enroll(ServerClient client, String secret) throws ServerException, InterruptedException {
		if (this.requestKey == null) {
			this.requestKey = RequestKey.generate();
		}
		Enrollment enrollment = client.enroll(secret,
				new EnrollRequest(this.machineId, this.hostname, Optional.of(this.kernel.profile().release()),
						AgentVersion.current(), Optional.ofNullable(this.hostToken), Optional.of(this.requestKey)));
		if (this.hostId != null && !this.hostId.equals(enrollment.hostId())) {
			this.appliedVersion = 0;
		}
		this.hostId = enrollment.hostId();
		this.hostToken = enrollment.hostToken();
		this.nextSequence = 1;
		this.acknowledged = Optional.empty();
		this.requestKey = null;
		this.renewal = false;
		return enrollment;
	}

	/**
	 * Checks in once, applying a newer desired state afterwards.
	 * @param client the client
	 * @param clock the clock
	 * @param forceChange change the report first (the changed-report benchmark)
	 * @return the answer and what was sent
	 * @throws ServerException if the service refused or could not be reached
	 * @throws InterruptedException if interrupted
	 */
	Exchange checkIn(ServerClient client, Clock clock, boolean forceChange)
			throws ServerException, InterruptedException {
		if (forceChange || this.faults.flaps()) {
			flap();
		}
		ReportSnapshot current = snapshot(clock);
		CheckInRequest request = CheckInProtocol.request(AgentVersion.current(), this.nextSequence, current,
				this.acknowledged, this.pending.subList(0, Math.min(64, this.pending.size())));
		CheckInResponse response;
		try {
			response = client.checkIn(this.hostToken, request);
		}
		catch (ServerException ex) {
			if (ex.kind() == ServerException.Kind.UNAUTHORIZED) {
				this.hostToken = null;
			}
			throw ex;
		}
		this.nextSequence = CheckInProtocol.nextSequence(response);
		this.renewal = this.nextSequence > Bounds.MAX_SEQUENCE;
		this.acknowledged = CheckInProtocol.acknowledged(request, current, this.acknowledged, response);
		forgetJsonOnceAcknowledged(current);
		this.pending = CheckInProtocol.stillPending(request, this.pending, response);
		this.truth = HostTruth.observed(this, this.acknowledged, request, response, clock.instant());
		List<ActionResult> results = apply(response, clock);
		return new Exchange(request, response, results);
	}

	/**
	 * Pings with the host token.
	 * @param client the client
	 * @throws ServerException if the service refused or could not be reached
	 * @throws InterruptedException if interrupted
	 */
	void ping(ServerClient client) throws ServerException, InterruptedException {
		client.ping(this.hostToken);
	}

	private List<ActionResult> apply(CheckInResponse response, Clock clock) throws InterruptedException {
		long offered = response.desiredState().version();
		DesiredVersions.Decision decision = this.versions.offered(offered, this.appliedVersion, clock.instant());
		if (decision == DesiredVersions.Decision.ADOPT) {
			this.appliedVersion = offered;
		}
		if (decision != DesiredVersions.Decision.APPLY) {
			return List.of();
		}
		ActionExecutor executor = ActionExecutor.of(this.kernel, (enabled, origin) -> {
			this.kernel.persistSwitch(enabled);
			return "the simulated host's sysctl.d";
		}, PoolJournal.NONE, Pauser.SLEEP, this.kernel, (modules, origin) -> {
			this.kernel.persistModules();
			return "the simulated host's modules-load.d";
		}, clock);
		List<ActionResult> results = executor.apply(response.desiredState());
		List<ActionResult> all = new ArrayList<>(this.pending);
		all.addAll(results);
		this.pending = List.copyOf(all);
		this.appliedVersion = response.desiredState().version();
		return results;
	}

	/**
	 * A fleet of 100,000 hosts cannot keep 100,000 reports' JSON: once the service holds
	 * a report only its hashes are kept, and the JSON is made again if it is wanted.
	 */
	private void forgetJsonOnceAcknowledged(ReportSnapshot current) {
		if (this.acknowledged.isPresent() && this.acknowledged.get().hash().equals(current.hash())) {
			this.snapshot = new ReportSnapshot(null, current.hash(), current.contentHash());
		}
		else if (this.acknowledged.isEmpty()) {
			this.snapshotOf = -1;
		}
	}

	private void flap() {
		ModeledPool pool = this.kernel.pools().getFirst();
		this.kernel.resize(pool, this.flapped ? -1 : 1);
		this.flapped = !this.flapped;
	}

	private ReportSnapshot snapshot(Clock clock) {
		boolean stale = this.snapshot == null || this.snapshotOf != this.kernel.changes();
		if (stale || (this.snapshot.json() == null && !acknowledgedContent(this.snapshot))) {
			this.snapshotOf = this.kernel.changes();
			this.snapshot = ReportSnapshot.of(SimulatedReports.report(this.kernel, clock.instant()));
		}
		return this.snapshot;
	}

	private boolean acknowledgedContent(ReportSnapshot snapshot) {
		return this.acknowledged.isPresent() && this.acknowledged.get().contentHash().equals(snapshot.contentHash());
	}

	/**
	 * One check-in.
	 *
	 * @param request what was sent
	 * @param response the answer
	 * @param results the actions applied after it
	 */
	record Exchange(CheckInRequest request, CheckInResponse response, List<ActionResult> results) {
	}

}
