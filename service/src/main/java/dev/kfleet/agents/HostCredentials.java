package dev.kfleet.agents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.kfleet.hosts.HostService;
import dev.kfleet.observations.CheckInService;
import dev.kfleet.platform.Secrets;

/**
 * Gives an enrolling agent its host's new token: the hosts module brings the host's facts
 * up to date (a decommissioned host is active again), the observations module starts the
 * agent's new session (sequence, history), the credential is replaced, and the token it
 * replaces stops working on this replica at once (on the others within
 * {@code kfleet.agents.token-cache-ttl}).
 */
@Component
class HostCredentials {

	private final HostService hosts;

	private final CheckInService checkIns;

	private final AgentCredentialRepository credentials;

	private final HostTokens tokens;

	HostCredentials(HostService hosts, CheckInService checkIns, AgentCredentialRepository credentials,
			HostTokens tokens) {
		this.hosts = hosts;
		this.checkIns = checkIns;
		this.credentials = credentials;
		this.tokens = tokens;
	}

	/**
	 * Issues the token, in the enrollment's transaction.
	 * @param current the hash of the host's current token, if it has one
	 * @return the new token
	 */
	String issue(UUID hostId, EnrollmentAttempt attempt, UUID secretId, byte @Nullable [] current, Instant now) {
		this.hosts.refresh(hostId, attempt.hostname(), attempt.kernelRelease());
		this.checkIns.startSession(hostId, attempt.agentVersion());
		String token = Secrets.generate("kfh_");
		this.credentials.replace(hostId, Secrets.hash(token), secretId, now);
		if (current != null) {
			this.tokens.replaced(List.of(current));
		}
		return token;
	}

}
