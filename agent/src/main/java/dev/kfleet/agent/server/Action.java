package dev.kfleet.agent.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One action of a desired state ({@code Action} in openapi.yaml). The agent knows a
 * closed set of types and refuses the others.
 *
 * @param id unique within the desired state's version
 * @param type the action type, such as {@code hvo.set-switch}
 * @param parameters the parameters as a JSON tree
 * ({@link dev.kfleet.agent.json.JsonReader} values)
 */
public record Action(String id, String type, Map<String, Object> parameters) {

	public Action {
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

}
