package dev.kfleet.agent.server;

import java.util.List;

/**
 * What the service wants of the host ({@code DesiredState} in openapi.yaml).
 *
 * @param version grows with every change; 0 means nothing was ever asked
 * @param actions the actions, applied in order, each once
 */
public record DesiredState(long version, List<Action> actions) {

	/** Nothing asked. */
	public static final DesiredState NONE = new DesiredState(0, List.of());

	public DesiredState {
		actions = List.copyOf(actions);
	}

}
