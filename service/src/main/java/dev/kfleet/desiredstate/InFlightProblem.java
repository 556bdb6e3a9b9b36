package dev.kfleet.desiredstate;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.Problems;

/**
 * The 409 {@code desired-state-in-flight} problem: the host's version in flight is
 * another owner's, named with its version, so that the caller can decide whether to force
 * it.
 */
final class InFlightProblem {

	private InFlightProblem() {
	}

	static ResponseEntity<ProblemDetail> of(SetOutcome.InFlight refused) {
		OwnedVersion held = refused.held();
		ProblemDetail problem = Problems.of(ApiProblem.DESIRED_STATE_IN_FLIGHT,
				"Version " + held.version() + " of host " + refused.hostId()
						+ "'s desired state is in flight (its agent"
						+ " has not reported every action's result yet) and owned by " + held.owner()
						+ "; nothing was changed. Retry with force=true to replace it anyway (audited).");
		problem.setProperty("owner", DesiredStateController.Owner.of(held.owner()));
		problem.setProperty("version", held.version());
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
