package dev.kfleet.agent.daemon;

import java.util.Optional;

import dev.kfleet.agent.AgentVersion;
import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.server.EnrollRequest;
import dev.kfleet.agent.server.Enrollment;
import dev.kfleet.agent.server.ServerClient;
import dev.kfleet.agent.server.ServerException;

/**
 * Enrolls with the secret from the secret file and keeps the host id and token in the
 * state. A refused secret is a failure the daemon retries with backoff (an administrator
 * may put a new secret in the file meanwhile).
 */
final class Enroller {

	private final AgentConfig config;

	private final ServerClient client;

	private final StateHolder state;

	private final AgentLog log;

	Enroller(AgentConfig config, ServerClient client, StateHolder state, AgentLog log) {
		this.config = config;
		this.client = client;
		this.state = state;
		this.log = log;
	}

	void enroll() throws ServerException, EnrollmentSecret.UnreadableException, InterruptedException {
		String secret = EnrollmentSecret.read(this.config.enrollSecretFile());
		EnrollRequest request = new EnrollRequest(this.state.get().machineId(),
				this.config.hostname().orElseGet(() -> HostIdentity.hostname(this.config.root())), kernelRelease(),
				AgentVersion.current());
		Enrollment enrollment;
		try {
			enrollment = this.client.enroll(secret, request);
		}
		catch (ServerException ex) {
			if (ex.kind() != ServerException.Kind.UNAUTHORIZED) {
				throw ex;
			}
			throw new ServerException(ex.kind(), ex.status(), "the enrollment secret in "
					+ this.config.enrollSecretFile() + " was refused (" + ex.detail() + "): put a valid one there",
					ex.retryAfter());
		}
		this.state.update((s) -> s.enrolledAs(enrollment.hostId(), enrollment.hostToken()));
		this.log.info("enrolled", "hostId", enrollment.hostId(), "machineId", request.machineId(), "hostname",
				request.hostname(), "new", enrollment.created(), "checkInIntervalSeconds",
				enrollment.checkInIntervalSeconds());
	}

	private Optional<String> kernelRelease() {
		return Optional
			.ofNullable(new HostFiles(this.config.root()).readValue("/proc/sys/kernel/osrelease").orElse(null))
			.filter((release) -> !release.isEmpty() && release.length() <= 128);
	}

}
