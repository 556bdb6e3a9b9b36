package dev.kfleet.platform;

/**
 * What an API token may do. Each role includes the ones below it: an admin is also an
 * operator, and an operator is also a viewer.
 */
public enum Role {

	/** Reads everything except tokens. */
	VIEWER,

	/** A viewer who also runs rollouts. */
	OPERATOR,

	/** Everything, including hosts, tokens and enrollment secrets. */
	ADMIN;

	/** The Spring Security authority of this role. */
	public String authority() {
		return "ROLE_" + name();
	}

}
