package dev.kfleet.agent.actions;

/**
 * An action's parameters are not the ones its type takes: the action is refused.
 */
final class BadParametersException extends Exception {

	BadParametersException(String message) {
		super(message);
	}

}
