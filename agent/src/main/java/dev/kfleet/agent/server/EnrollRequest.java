package dev.kfleet.agent.server;

import java.util.Optional;

/**
 * The body of {@code POST /agent/v1/enroll} ({@code EnrollRequest} in openapi.yaml).
 *
 * @param machineId the machine's own id ({@code /etc/machine-id})
 * @param hostname the host name
 * @param kernelRelease {@code uname -r}, if known
 * @param agentVersion the agent's version
 * @param hostToken the host's current token, as proof that this agent is the host's agent
 * (enrolling again needs no approval then); never logged
 * @param requestKey the agent's request key ({@link RequestKey}), kept until it is
 * enrolled, to which an operator's approval is bound; never logged
 */
public record EnrollRequest(String machineId, String hostname, Optional<String> kernelRelease, String agentVersion,
		Optional<String> hostToken, Optional<String> requestKey) {

	/**
	 * An enrollment without proof or request key.
	 * @param machineId the machine's own id
	 * @param hostname the host name
	 * @param kernelRelease {@code uname -r}, if known
	 * @param agentVersion the agent's version
	 */
	public EnrollRequest(String machineId, String hostname, Optional<String> kernelRelease, String agentVersion) {
		this(machineId, hostname, kernelRelease, agentVersion, Optional.empty(), Optional.empty());
	}

	/**
	 * Returns this request without the members a service older than the contract's
	 * enrollment proof does not know ({@code hostToken}, {@code requestKey}).
	 * @return the request without them
	 */
	EnrollRequest withoutProof() {
		return new EnrollRequest(this.machineId, this.hostname, this.kernelRelease, this.agentVersion, Optional.empty(),
				Optional.empty());
	}

	@Override
	public String toString() {
		return "EnrollRequest[machineId=" + this.machineId + ", hostname=" + this.hostname + ", kernelRelease="
				+ this.kernelRelease + ", agentVersion=" + this.agentVersion + ", hostToken="
				+ (this.hostToken.isPresent() ? "(hidden)" : "none") + ", requestKey="
				+ this.requestKey.map(RequestKey::fingerprint).map((f) -> "fingerprint " + f).orElse("none") + "]";
	}

}
