package dev.kfleet.desiredstate;

import java.util.Map;

/**
 * One action a caller asks a host's agent to apply; checked against {@link ActionTypes}
 * before anything is written.
 *
 * @param type the action type, e.g. {@code hvo.set-switch}
 * @param parameters its parameters
 */
public record ActionRequest(String type, Map<String, Object> parameters) {

	public ActionRequest {
		parameters = Map.copyOf(parameters);
	}

}
