package dev.kfleet.agent.server;

/**
 * The agent API as the agent sees it. {@link AgentClient} speaks HTTP; tests use fakes.
 */
public interface ServerClient {

	/**
	 * Enrolls this machine ({@code POST /agent/v1/enroll}).
	 * @param enrollmentSecret the enrollment secret, sent as the bearer token
	 * @param request the machine's facts
	 * @return the host id and the new host token
	 * @throws ServerException if the service refused or could not be reached
	 * @throws InterruptedException if the thread was interrupted while waiting
	 */
	Enrollment enroll(String enrollmentSecret, EnrollRequest request) throws ServerException, InterruptedException;

	/**
	 * Checks in ({@code POST /agent/v1/check-in}).
	 * @param hostToken the host token
	 * @param request the check-in
	 * @return the service's answer: acknowledged sequence, desired state, next interval
	 * @throws ServerException if the service refused or could not be reached
	 * @throws InterruptedException if the thread was interrupted while waiting
	 */
	CheckInResponse checkIn(String hostToken, CheckInRequest request) throws ServerException, InterruptedException;

	/**
	 * Checks the host token and the way to the service ({@code GET /agent/v1/ping}).
	 * @param hostToken the host token
	 * @throws ServerException if the service refused or could not be reached
	 * @throws InterruptedException if the thread was interrupted while waiting
	 */
	void ping(String hostToken) throws ServerException, InterruptedException;

}
