package dev.kfleet.desiredstate;

import java.util.Map;

/**
 * One thing a host's agent should do.
 *
 * @param id unique within its desired state version
 * @param type the action's type (see {@link ActionTypes})
 * @param parameters its parameters
 */
public record Action(String id, String type, Map<String, Object> parameters) {

	public Action {
		parameters = Map.copyOf(parameters);
	}

}
