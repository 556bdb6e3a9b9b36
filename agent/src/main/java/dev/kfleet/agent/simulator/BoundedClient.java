package dev.kfleet.agent.simulator;

import java.util.concurrent.Semaphore;

import dev.kfleet.agent.server.CheckInRequest;
import dev.kfleet.agent.server.CheckInResponse;
import dev.kfleet.agent.server.EnrollRequest;
import dev.kfleet.agent.server.Enrollment;
import dev.kfleet.agent.server.ServerClient;
import dev.kfleet.agent.server.ServerException;

/**
 * Puts a bound on the requests in flight (and so on the connections) and times each
 * check-in from the moment it holds a permit, so the latency is the service's, not the
 * simulator's queue.
 */
final class BoundedClient implements ServerClient {

	private final ServerClient delegate;

	private final Semaphore permits;

	private final FleetStats stats;

	BoundedClient(ServerClient delegate, int concurrency, FleetStats stats) {
		this.delegate = delegate;
		this.permits = new Semaphore(concurrency, true);
		this.stats = stats;
	}

	@Override
	public Enrollment enroll(String secret, EnrollRequest request) throws ServerException, InterruptedException {
		this.permits.acquire();
		try {
			Enrollment enrollment = this.delegate.enroll(secret, request);
			this.stats.enrollments.increment();
			return enrollment;
		}
		finally {
			this.permits.release();
		}
	}

	@Override
	public CheckInResponse checkIn(String token, CheckInRequest request) throws ServerException, InterruptedException {
		this.permits.acquire();
		try {
			long start = System.nanoTime();
			CheckInResponse response = this.delegate.checkIn(token, request);
			this.stats.checkedIn(request.reportJson().isPresent(), System.nanoTime() - start);
			return response;
		}
		finally {
			this.permits.release();
		}
	}

	@Override
	public void ping(String token) throws ServerException, InterruptedException {
		this.permits.acquire();
		try {
			this.delegate.ping(token);
		}
		finally {
			this.permits.release();
		}
	}

}
