package dev.kfleet.agents;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kfleet.audit.Actor;

/**
 * An agent that presented an enrollment secret.
 *
 * @param secretId the secret
 * @param name the secret's name
 * @param maxUses how many enrollments the secret allows, or {@code null} for no limit
 * (fixed when the secret is created)
 */
record EnrollmentPrincipal(UUID secretId, String name, @Nullable Long maxUses) {

	boolean limited() {
		return this.maxUses != null;
	}

	Actor actor() {
		return Actor.enrollmentSecret(this.secretId, this.name);
	}

	@Override
	public String toString() {
		return "enrollment secret " + this.name;
	}

}
