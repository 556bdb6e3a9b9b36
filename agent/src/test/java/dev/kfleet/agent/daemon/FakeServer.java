package dev.kfleet.agent.daemon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.server.ApprovalRequest;
import dev.kfleet.agent.server.CheckInRequest;
import dev.kfleet.agent.server.CheckInResponse;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.EnrollRequest;
import dev.kfleet.agent.server.Enrollment;
import dev.kfleet.agent.server.RequestKey;
import dev.kfleet.agent.server.ServerClient;
import dev.kfleet.agent.server.ServerException;

/**
 * A fake agent API that keeps one host's sequence and report hash as the service does,
 * records every request, and throws queued failures first.
 */
final class FakeServer implements ServerClient {

	static final String REQUEST_ID = "5f0c9b9e-1d2a-4c3b-8e7f-0a1b2c3d4e5f";

	final List<CheckInRequest> checkIns = new ArrayList<>();

	final List<EnrollRequest> enrollments = new ArrayList<>();

	final List<String> secretsSeen = new ArrayList<>();

	final Deque<ServerException> failures = new ArrayDeque<>();

	DesiredState desired = DesiredState.NONE;

	long acknowledged;

	String reportHash;

	String token;

	int tokens;

	long interval = 30;

	/**
	 * Enrolling the machine again without its current token or an approved request key is
	 * answered 409, as the service does for a machine with an active agent.
	 */
	boolean approvalRequired;

	/**
	 * The state of the requests it makes: pending until {@link #approve()}d or rejected.
	 */
	String requestState = "pending";

	final List<String> approvedKeys = new ArrayList<>();

	/** Runs during every check-in (a test's clock moves on, say). */
	Runnable duringCheckIn = () -> {
	};

	final java.util.concurrent.CountDownLatch firstCheckIn = new java.util.concurrent.CountDownLatch(1);

	@Override
	public Enrollment enroll(String secret, EnrollRequest request) throws ServerException {
		failIfQueued();
		this.secretsSeen.add(secret);
		this.enrollments.add(request);
		boolean proof = request.hostToken().isPresent() && request.hostToken().get().equals(this.token);
		boolean approved = request.requestKey().map(this.approvedKeys::contains).orElse(false);
		if (this.approvalRequired && this.token != null && !proof && !approved) {
			throw new ServerException(ServerException.Kind.APPROVAL_REQUIRED, 409, "approval required",
					Optional.empty(), Optional.of(new ApprovalRequest(Optional.of(REQUEST_ID),
							request.requestKey().map(RequestKey::fingerprint), Optional.of(this.requestState))));
		}
		this.token = "token-" + (++this.tokens);
		this.acknowledged = 0;
		return new Enrollment("host-1", this.token, this.interval, this.tokens == 1);
	}

	@Override
	public CheckInResponse checkIn(String hostToken, CheckInRequest request) throws ServerException {
		failIfQueued();
		if (!hostToken.equals(this.token)) {
			throw new ServerException(ServerException.Kind.UNAUTHORIZED, 401, "unknown host token", Optional.empty());
		}
		this.checkIns.add(request);
		this.firstCheckIn.countDown();
		this.duringCheckIn.run();
		boolean accepted = request.sequence() > this.acknowledged;
		if (accepted) {
			this.acknowledged = request.sequence();
			request.reportJson().ifPresent((json) -> this.reportHash = request.reportHash());
		}
		return new CheckInResponse(accepted, this.acknowledged, !request.reportHash().equals(this.reportHash),
				this.interval, this.desired);
	}

	@Override
	public void ping(String hostToken) throws ServerException {
		failIfQueued();
	}

	/** Approves the request of the last enrollment attempt. */
	void approve() {
		this.approvedKeys.add(this.enrollments.getLast().requestKey().orElseThrow());
	}

	void fail(ServerException.Kind kind, int status) {
		this.failures.add(new ServerException(kind, status, "injected " + status, Optional.empty()));
	}

	private void failIfQueued() throws ServerException {
		ServerException failure = this.failures.poll();
		if (failure != null) {
			throw failure;
		}
	}

}
