package dev.kfleet.agent.daemon;

/**
 * The state directory or file cannot be used. The message is one line for people: the
 * path, the cause, and what to do.
 */
public final class StateStoreException extends Exception {

	StateStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
