package dev.kfleet.agent.server;

/**
 * The service's answer to a check-in ({@code CheckInResponse} in openapi.yaml).
 *
 * @param accepted false when the sequence was not newer than the last accepted one; the
 * service then recorded nothing
 * @param acknowledgedSequence the highest sequence accepted for this enrollment; the next
 * check-in uses this + 1
 * @param fullReportWanted the service does not hold the report with the hash sent
 * @param nextCheckInSeconds when to check in next (jitter already applied), as sent; use
 * {@link #nextCheckIn()}
 * @param desiredState the state the host should be in
 */
public record CheckInResponse(boolean accepted, long acknowledgedSequence, boolean fullReportWanted,
		long nextCheckInSeconds, DesiredState desiredState) {

	/**
	 * Returns when to check in next, within the contract's bounds.
	 * @return the interval, clamped to 1 s – 1 h
	 */
	public java.time.Duration nextCheckIn() {
		return Bounds.interval(this.nextCheckInSeconds);
	}

}
