package dev.kfleet.agent.server;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckInProtocolTests {

	private static final ReportSnapshot REPORT = new ReportSnapshot("{\"a\":1}", "h1", "c1");

	private static final ActionResult RESULT = new ActionResult(3, "1", "hvo.set-switch", ActionOutcome.SUCCEEDED,
			"done", "2026-11-27T10:00:00Z", "2026-11-27T10:00:01Z", List.of());

	@Test
	void sendsTheFullReportWhenNothingWasAcknowledged() {
		CheckInRequest request = CheckInProtocol.request("1.0", 1, REPORT, Optional.empty(), List.of());
		assertThat(request.reportJson()).contains("{\"a\":1}");
		assertThat(request.reportHash()).isEqualTo("h1");
	}

	@Test
	void sendsOnlyTheAcknowledgedHashWhenTheContentIsUnchanged() {
		Acknowledged earlier = new Acknowledged("h0", "c1");
		CheckInRequest request = CheckInProtocol.request("1.0", 2, REPORT, Optional.of(earlier), List.of());
		assertThat(request.reportJson()).isEmpty();
		assertThat(request.reportHash()).isEqualTo("h0");
	}

	@Test
	void sendsTheFullReportWhenTheContentChanged() {
		CheckInRequest request = CheckInProtocol.request("1.0", 2, REPORT, Optional.of(new Acknowledged("h0", "c0")),
				List.of());
		assertThat(request.reportJson()).isPresent();
		assertThat(request.reportHash()).isEqualTo("h1");
	}

	@Test
	void anAcceptedFullReportBecomesTheAcknowledgedOne() {
		CheckInRequest sent = CheckInProtocol.request("1.0", 1, REPORT, Optional.empty(), List.of());
		assertThat(CheckInProtocol.acknowledged(sent, REPORT, Optional.empty(), response(true, 1, false)))
			.contains(new Acknowledged("h1", "c1"));
	}

	@Test
	void aRefusedSequenceKeepsTheAcknowledgedReportAndJumpsPastTheServicesSequence() {
		Optional<Acknowledged> before = Optional.of(new Acknowledged("h0", "c0"));
		CheckInRequest sent = CheckInProtocol.request("1.0", 3, REPORT, before, List.of());
		CheckInResponse refused = response(false, 41, false);
		assertThat(CheckInProtocol.acknowledged(sent, REPORT, before, refused)).isEqualTo(before);
		assertThat(CheckInProtocol.nextSequence(refused)).isEqualTo(42);
	}

	@Test
	void whenTheServiceWantsTheFullReportNothingCountsAsAcknowledged() {
		Optional<Acknowledged> before = Optional.of(new Acknowledged("h0", "c1"));
		CheckInRequest sent = CheckInProtocol.request("1.0", 3, REPORT, before, List.of());
		assertThat(CheckInProtocol.acknowledged(sent, REPORT, before, response(true, 3, true))).isEmpty();
	}

	@Test
	void resultsStayPendingUntilACheckInCarryingThemIsAccepted() {
		ActionResult later = new ActionResult(4, "1", "hvo.set-switch", ActionOutcome.FAILED, "no", "t", "t",
				List.of());
		CheckInRequest sent = CheckInProtocol.request("1.0", 3, REPORT, Optional.empty(), List.of(RESULT));
		assertThat(CheckInProtocol.stillPending(sent, List.of(RESULT, later), response(false, 5, false)))
			.containsExactly(RESULT, later);
		assertThat(CheckInProtocol.stillPending(sent, List.of(RESULT, later), response(true, 3, false)))
			.containsExactly(later);
	}

	private static CheckInResponse response(boolean accepted, long acknowledged, boolean fullWanted) {
		return new CheckInResponse(accepted, acknowledged, fullWanted, 30, DesiredState.NONE);
	}

	@Test
	void anAgentThatJustAppliedActionsChecksInAgainWithinFiveSeconds() {
		java.time.Duration interval = java.time.Duration.ofSeconds(30);
		assertThat(CheckInProtocol.nextWait(interval, true)).isEqualTo(CheckInProtocol.RESULTS_DELAY)
			.isEqualTo(java.time.Duration.ofSeconds(5));
		assertThat(CheckInProtocol.nextWait(interval, false)).isEqualTo(interval);
		assertThat(CheckInProtocol.nextWait(java.time.Duration.ofSeconds(2), true))
			.isEqualTo(java.time.Duration.ofSeconds(2));
	}

}
