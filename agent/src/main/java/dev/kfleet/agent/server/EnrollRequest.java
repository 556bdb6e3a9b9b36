package dev.kfleet.agent.server;

import java.util.Optional;

/**
 * The body of {@code POST /agent/v1/enroll} ({@code EnrollRequest} in openapi.yaml).
 *
 * @param machineId the machine's own id ({@code /etc/machine-id})
 * @param hostname the host name
 * @param kernelRelease {@code uname -r}, if known
 * @param agentVersion the agent's version
 */
public record EnrollRequest(String machineId, String hostname, Optional<String> kernelRelease, String agentVersion) {
}
