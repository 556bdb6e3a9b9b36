package dev.kfleet.agents;

import java.util.UUID;

/**
 * An agent that presented an enrollment secret.
 *
 * @param secretId the secret
 * @param name the secret's name
 */
record EnrollmentPrincipal(UUID secretId, String name) {

	@Override
	public String toString() {
		return "enrollment secret " + this.name;
	}

}
