package dev.kfleet.agents;

import org.jspecify.annotations.Nullable;

/**
 * What an agent sent to enroll, and where from.
 *
 * @param machineId its machine's id
 * @param hostname its host name
 * @param kernelRelease its kernel release
 * @param agentVersion its version
 * @param hostToken the host's current token, as proof that it is the host's agent
 * @param key the key its enrollment request is bound to
 * @param sourceAddress the address the attempt came from, as the service saw it
 */
record EnrollmentAttempt(String machineId, String hostname, @Nullable String kernelRelease, String agentVersion,
		@Nullable String hostToken, @Nullable RequestKey key, @Nullable String sourceAddress) {
}
