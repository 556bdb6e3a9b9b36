package dev.kfleet.agent.simulator;

import dev.kfleet.agent.server.CheckInRequest;
import dev.kfleet.agent.server.CheckInResponse;
import dev.kfleet.agent.server.EnrollRequest;
import dev.kfleet.agent.server.Enrollment;
import dev.kfleet.agent.server.ServerClient;
import dev.kfleet.agent.server.ServerException;

/** Counts each failed request by operation and status in {@link FailureCounts}. */
final class CountingClient implements ServerClient {

	private final ServerClient delegate;

	private final FailureCounts failures;

	CountingClient(ServerClient delegate, FailureCounts failures) {
		this.delegate = delegate;
		this.failures = failures;
	}

	@Override
	public Enrollment enroll(String secret, EnrollRequest request) throws ServerException, InterruptedException {
		try {
			return this.delegate.enroll(secret, request);
		}
		catch (ServerException ex) {
			this.failures.failed("enroll", ex);
			throw ex;
		}
	}

	@Override
	public CheckInResponse checkIn(String token, CheckInRequest request) throws ServerException, InterruptedException {
		try {
			return this.delegate.checkIn(token, request);
		}
		catch (ServerException ex) {
			this.failures.failed("check-in", ex);
			throw ex;
		}
	}

	@Override
	public void ping(String token) throws ServerException, InterruptedException {
		try {
			this.delegate.ping(token);
		}
		catch (ServerException ex) {
			this.failures.failed("ping", ex);
			throw ex;
		}
	}

}
