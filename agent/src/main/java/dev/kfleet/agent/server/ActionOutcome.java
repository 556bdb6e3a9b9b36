package dev.kfleet.agent.server;

/**
 * How an action ended ({@code ActionResult.outcome} in openapi.yaml).
 */
public enum ActionOutcome {

	/** Done as asked. */
	SUCCEEDED,

	/** Tried and could not; the detail says why and what the host is left with. */
	FAILED,

	/** Not tried: an unknown action type or bad parameters. */
	REFUSED

}
