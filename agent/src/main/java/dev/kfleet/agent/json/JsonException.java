package dev.kfleet.agent.json;

/**
 * A document that is not valid JSON, with the character offset where reading stopped.
 */
public final class JsonException extends RuntimeException {

	private final int offset;

	JsonException(String message, int offset) {
		super(message + " at offset " + offset);
		this.offset = offset;
	}

	/**
	 * Returns the offset in the input where the problem was found.
	 * @return the zero-based character offset
	 */
	public int offset() {
		return this.offset;
	}

}
