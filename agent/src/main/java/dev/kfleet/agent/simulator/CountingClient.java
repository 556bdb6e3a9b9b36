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
		return counted("enroll", () -> this.delegate.enroll(secret, request));
	}

	@Override
	public CheckInResponse checkIn(String token, CheckInRequest request) throws ServerException, InterruptedException {
		return counted("check-in", () -> this.delegate.checkIn(token, request));
	}

	@Override
	public void ping(String token) throws ServerException, InterruptedException {
		counted("ping", () -> {
			this.delegate.ping(token);
			return null;
		});
	}

	private <T> T counted(String operation, Call<T> call) throws ServerException, InterruptedException {
		try {
			return call.run();
		}
		catch (ServerException ex) {
			this.failures.failed(operation, ex);
			throw ex;
		}
	}

	private interface Call<T> {

		T run() throws ServerException, InterruptedException;

	}

}
