package dev.kfleet.agents;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiProblem;

/**
 * The enrollment secret cannot enroll (any more): it was used up, revoked or expired
 * while the enrollment was decided. Answered 401 like any unusable credential, with a
 * detail that says which; nothing of the enrollment is kept.
 */
class UnusableEnrollmentSecret extends ApiException {

	UnusableEnrollmentSecret(String detail) {
		super(ApiProblem.UNAUTHENTICATED, detail);
	}

	static UnusableEnrollmentSecret usedUp(EnrollmentPrincipal secret, long maxUses) {
		return new UnusableEnrollmentSecret("The enrollment secret '" + secret.name() + "' is used up: its " + maxUses
				+ " enrollment(s) were made; ask an admin for another");
	}

	static UnusableEnrollmentSecret inactive(EnrollmentPrincipal secret) {
		return new UnusableEnrollmentSecret("The enrollment secret '" + secret.name() + "' was revoked or expired");
	}

}
