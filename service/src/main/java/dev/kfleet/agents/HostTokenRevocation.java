package dev.kfleet.agents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.kfleet.hosts.HostDecommissioned;

/**
 * A decommissioned host's agent loses its token, once the decommissioning committed (a
 * durable event: delivered again after a restart if this did not finish, ADR 0032): its
 * next check-in is refused (401) (ADR 0024). An agent that still runs asks to enroll
 * again, which needs an operator's approval (ADR 0025). Other replicas stop taking the
 * token when they next check the tokens they trust (every
 * {@code kfleet.agents.token-cache-ttl}).
 */
@Component
class HostTokenRevocation {

	private static final Logger log = LoggerFactory.getLogger(HostTokenRevocation.class);

	private final AgentCredentialRepository credentials;

	private final HostTokens tokens;

	HostTokenRevocation(AgentCredentialRepository credentials, HostTokens tokens) {
		this.credentials = credentials;
		this.tokens = tokens;
	}

	@ApplicationModuleListener
	void on(HostDecommissioned decommissioned) {
		if (this.credentials.delete(decommissioned.hostId())) {
			log.info("Host {} decommissioned: its agent's token is revoked", decommissioned.hostId());
		}
		this.tokens.revoked(decommissioned.hostId());
	}

}
