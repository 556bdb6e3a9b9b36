package dev.kfleet.agent.cli;

/**
 * A wrong command line.
 */
final class UsageException extends Exception {

	UsageException(String message) {
		super(message);
	}

}
