package dev.kfleet.agent.daemon;

import java.util.Optional;

import dev.kfleet.agent.AgentVersion;
import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.server.Bounds;
import dev.kfleet.agent.server.EnrollRequest;
import dev.kfleet.agent.server.Enrollment;
import dev.kfleet.agent.server.RequestKey;
import dev.kfleet.agent.server.ServerClient;
import dev.kfleet.agent.server.ServerException;

/**
 * Enrolls by the contract's secure path and keeps the host id and token in the state:
 * every attempt carries the enrollment secret (from its file), the agent's request key
 * (made once, saved before it is first sent, dropped once enrolled), and the host token
 * as proof when the agent holds one (a sequence about to pass 2^53 − 1, a token saved
 * from an unreadable state file). A machine the service knows with an active agent, and
 * no valid proof, makes a request for an operator to approve (409): the cycle logs it and
 * retries with the same key. A refused secret is retried with backoff too (an
 * administrator may put a new secret in the file meanwhile).
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

	/**
	 * Enrolls.
	 * @return the enrollment
	 * @throws ServerException if the service refused (among others
	 * {@link ServerException.Kind#APPROVAL_REQUIRED}) or could not be reached
	 * @throws EnrollmentSecret.UnreadableException if the secret file cannot be read
	 * @throws InterruptedException if interrupted
	 */
	Enrollment enroll() throws ServerException, EnrollmentSecret.UnreadableException, InterruptedException {
		String secret = EnrollmentSecret.read(this.config.enrollSecretFile());
		AgentState before = this.state.get();
		if (before.renewal()) {
			this.log.info("enrolling-again", "hostId", before.hostId().orElse("-"), "reason",
					(before.nextSequence() > Bounds.MAX_SEQUENCE)
							? "the next sequence would pass 2^53-1; a new enrollment starts again from 1"
							: "the state file was set aside; the token it held is the proof");
		}
		if (before.requestKey().isEmpty()) {
			this.state.update((s) -> s.withRequestKey(RequestKey.generate()));
		}
		AgentState current = this.state.get();
		EnrollRequest request = new EnrollRequest(current.machineId(),
				this.config.hostname().orElseGet(() -> HostIdentity.hostname(this.config.root())), kernelRelease(),
				AgentVersion.current(), current.hostToken(), current.requestKey());
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
				request.hostname(), "new", enrollment.created(), "proof", request.hostToken().isPresent(),
				"checkInIntervalSeconds", enrollment.checkInIntervalSeconds());
		return enrollment;
	}

	private Optional<String> kernelRelease() {
		return Optional
			.ofNullable(new HostFiles(this.config.root()).readValue("/proc/sys/kernel/osrelease").orElse(null))
			.filter((release) -> HostIdentity.isName(release) && release.codePointCount(0, release.length()) <= 128);
	}

}
