package dev.kfleet.agent.server;

import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /agent/v1/check-in} ({@code CheckInRequest} in openapi.yaml).
 *
 * @param agentVersion the agent's version
 * @param sequence grows by at least one with every check-in of an enrollment
 * @param reportHash the lowercase hex SHA-256 of the report's compact JSON
 * @param reportJson the report's compact JSON (whose hash is {@code reportHash}), or
 * empty to send the hash only
 * @param actionResults results not yet accepted by the service
 */
public record CheckInRequest(String agentVersion, long sequence, String reportHash, Optional<String> reportJson,
		List<ActionResult> actionResults) {

	public CheckInRequest {
		actionResults = List.copyOf(actionResults);
	}

}
