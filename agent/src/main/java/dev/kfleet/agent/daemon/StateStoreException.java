package dev.kfleet.agent.daemon;

/**
 * The state directory or file cannot be used. The message is one line for people: the
 * path, the cause, and what to do. {@link #restartable()} tells a failure that may pass
 * (a full disk) from one that needs the configuration fixed (permissions, a wrong path).
 */
public final class StateStoreException extends Exception {

	private final boolean restartable;

	StateStoreException(String message, Throwable cause, boolean restartable) {
		super(message, cause);
		this.restartable = restartable;
	}

	/**
	 * Tells whether starting again later may succeed without a change of configuration.
	 * @return whether a restart is worth it
	 */
	public boolean restartable() {
		return this.restartable;
	}

}
