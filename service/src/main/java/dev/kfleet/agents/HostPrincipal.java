package dev.kfleet.agents;

import java.util.UUID;

/**
 * An agent, authenticated by its host token: it can only ever act for this host.
 *
 * @param hostId the host
 */
record HostPrincipal(UUID hostId) {

	@Override
	public String toString() {
		return "host " + this.hostId;
	}

}
