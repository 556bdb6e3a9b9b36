package dev.kfleet.agent.daemon;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.server.ActionResult;

/**
 * What one {@link CheckInCycle#runOnce()} did.
 *
 * @param checkedIn the service answered the check-in
 * @param nextDelay when to run the next cycle: the service's interval after a check-in,
 * the backoff after a failure
 * @param enrolled the agent enrolled (or enrolled again) in this cycle
 * @param hostId the host id, once enrolled
 * @param sequence the sequence sent (0 when no check-in was sent)
 * @param accepted the service accepted the sequence
 * @param fullReportSent the check-in carried the full report, not only its hash
 * @param reportedResults the action results the check-in carried and the service accepted
 * @param desiredVersion the desired state version received (0 when none)
 * @param applied a newer desired state was applied in this cycle
 * @param results the results of the actions applied in this cycle (sent with the next
 * check-in)
 * @param failure what went wrong, when {@code checkedIn} is false
 */
public record CycleOutcome(boolean checkedIn, Duration nextDelay, boolean enrolled, Optional<String> hostId,
		long sequence, boolean accepted, boolean fullReportSent, List<ActionResult> reportedResults,
		long desiredVersion, boolean applied, List<ActionResult> results, Optional<String> failure) {

	public CycleOutcome {
		reportedResults = List.copyOf(reportedResults);
		results = List.copyOf(results);
	}

	static CycleOutcome failed(Duration nextDelay, boolean enrolled, Optional<String> hostId, String failure) {
		return new CycleOutcome(false, nextDelay, enrolled, hostId, 0, false, false, List.of(), 0, false, List.of(),
				Optional.of(failure));
	}

}
