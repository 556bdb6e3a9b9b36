package dev.kfleet.agent.server;

/**
 * What enrolling gave ({@code EnrollResponse} in openapi.yaml).
 *
 * @param hostId the host's id
 * @param hostToken the host's own token; shown once, never logged
 * @param checkInIntervalSeconds the service's check-in interval
 * @param created true when the machine became a host now (201), false when it was one
 * already and its token was rotated (200)
 */
public record Enrollment(String hostId, String hostToken, long checkInIntervalSeconds, boolean created) {

	@Override
	public String toString() {
		return "Enrollment[hostId=" + this.hostId + ", hostToken=(hidden), checkInIntervalSeconds="
				+ this.checkInIntervalSeconds + ", created=" + this.created + "]";
	}

}
