package dev.kfleet.desiredstate;

import java.util.List;

/**
 * The state a host should be in: the actions its agent should apply once.
 *
 * @param version grows with every change; 0 means nothing was ever asked
 * @param actions the actions
 */
public record DesiredState(long version, List<Action> actions) {

	/** The desired state of a host nobody asked anything of. */
	public static final DesiredState NONE = new DesiredState(0, List.of());

	public DesiredState {
		actions = List.copyOf(actions);
	}

}
