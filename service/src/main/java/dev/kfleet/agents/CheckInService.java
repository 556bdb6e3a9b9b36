package dev.kfleet.agents;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

import dev.kfleet.desiredstate.ActionResult;
import dev.kfleet.desiredstate.DesiredState;
import dev.kfleet.desiredstate.DesiredStateService;
import dev.kfleet.hosts.CheckIns;

/**
 * Answers a check-in: the report (if any) must validate against the contract; the hosts
 * module takes it; results of actions are recorded when the check-in was accepted; the
 * answer carries the desired state and the next interval.
 */
@Service
class CheckInService {

	private final ReportValidator validator;

	private final CheckIns checkIns;

	private final DesiredStateService desiredStates;

	CheckInService(ReportValidator validator, CheckIns checkIns, DesiredStateService desiredStates) {
		this.validator = validator;
		this.checkIns = checkIns;
		this.desiredStates = desiredStates;
	}

	Answer checkIn(UUID hostId, String agentVersion, long sequence, String reportHash, @Nullable JsonNode report,
			@Nullable String reportText, List<ActionResult> results) {
		if (report != null) {
			this.validator.validate(report);
		}
		// First, so that a replica whose view of the desired state is too old refuses the
		// check-in (503) before recording anything.
		DesiredState desired = this.desiredStates.currentFor(hostId);
		CheckIns.Outcome outcome = this.checkIns.checkIn(hostId,
				new CheckIns.CheckIn(agentVersion, sequence, reportHash, report, reportText));
		if (outcome.accepted() && !results.isEmpty()) {
			this.desiredStates.recordResults(hostId, results);
		}
		return new Answer(outcome, this.checkIns.nextCheckInSeconds(), desired);
	}

	record Answer(CheckIns.Outcome outcome, int nextCheckInSeconds, DesiredState desiredState) {
	}

}
