package dev.kfleet.agent.server;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's side of the check-in rules, shared by the daemon and the simulator:
 * <ul>
 * <li>the full report goes out when its content differs from the last acknowledged one,
 * or when the service asked for it; otherwise only the acknowledged hash;</li>
 * <li>after any answer the sequence continues from {@code acknowledgedSequence + 1}, so a
 * restarted agent or a replayed sequence catches up at once;</li>
 * <li>action results stay pending until a check-in that carried them is accepted;</li>
 * <li>an agent that just applied actions checks in again within {@link #RESULTS_DELAY}
 * (not after a whole interval), so that what it did, and the report that shows it, reach
 * the service at once: a rollout's wave waits for them (ADR 0035).</li>
 * </ul>
 */
public final class CheckInProtocol {

	/** The longest an agent waits to report the results of actions it just applied. */
	public static final Duration RESULTS_DELAY = Duration.ofSeconds(5);

	private CheckInProtocol() {
	}

	/**
	 * The wait until the next check-in: the interval, or at most {@link #RESULTS_DELAY}
	 * when actions were just applied.
	 * @param interval the wait the service asked for (or the backoff's)
	 * @param applied whether this cycle applied actions whose results are to be reported
	 * @return the wait
	 */
	public static Duration nextWait(Duration interval, boolean applied) {
		return (applied && interval.compareTo(RESULTS_DELAY) > 0) ? RESULTS_DELAY : interval;
	}

	/**
	 * Builds a check-in.
	 * @param agentVersion the agent's version
	 * @param sequence the sequence to use
	 * @param snapshot the report just collected
	 * @param acknowledged the last report the service acknowledged, if any
	 * @param pending results not yet accepted
	 * @return the check-in
	 */
	public static CheckInRequest request(String agentVersion, long sequence, ReportSnapshot snapshot,
			Optional<Acknowledged> acknowledged, List<ActionResult> pending) {
		if (acknowledged.isPresent() && acknowledged.get().contentHash().equals(snapshot.contentHash())) {
			return new CheckInRequest(agentVersion, sequence, acknowledged.get().hash(), Optional.empty(), pending);
		}
		return new CheckInRequest(agentVersion, sequence, snapshot.hash(), Optional.of(snapshot.json()), pending);
	}

	/**
	 * Returns the report the service holds after an answer.
	 * @param sent the check-in
	 * @param snapshot the report it was built from
	 * @param before the acknowledged report before
	 * @param response the answer
	 * @return the acknowledged report now; empty when the next check-in must send it in
	 * full
	 */
	public static Optional<Acknowledged> acknowledged(CheckInRequest sent, ReportSnapshot snapshot,
			Optional<Acknowledged> before, CheckInResponse response) {
		if (response.fullReportWanted()) {
			return Optional.empty();
		}
		if (response.accepted() && sent.reportJson().isPresent()) {
			return Optional.of(new Acknowledged(snapshot.hash(), snapshot.contentHash()));
		}
		return before;
	}

	/**
	 * Returns the sequence of the next check-in.
	 * @param response the answer
	 * @return {@code acknowledgedSequence + 1}
	 */
	public static long nextSequence(CheckInResponse response) {
		return response.acknowledgedSequence() + 1;
	}

	/**
	 * Returns the results still pending after an answer.
	 * @param sent the check-in
	 * @param pending the results pending now (those sent, and any added since)
	 * @param response the answer
	 * @return the results to send again
	 */
	public static List<ActionResult> stillPending(CheckInRequest sent, List<ActionResult> pending,
			CheckInResponse response) {
		if (!response.accepted()) {
			return pending;
		}
		return pending.stream().filter((result) -> !sent.actionResults().contains(result)).toList();
	}

}
