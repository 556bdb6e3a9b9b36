package dev.kfleet.agent.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the enrollment secret from its file, trimmed. The secret itself never reaches a
 * log line or an exception message.
 */
final class EnrollmentSecret {

	private EnrollmentSecret() {
	}

	static String read(Path file) throws UnreadableException {
		String secret;
		try {
			secret = Files.readString(file).strip();
		}
		catch (IOException ex) {
			throw new UnreadableException(
					"the enrollment secret file " + file + " cannot be read (" + StateStore.cause(ex) + ")");
		}
		if (secret.isEmpty()) {
			throw new UnreadableException("the enrollment secret file " + file + " is empty");
		}
		return secret;
	}

	/**
	 * The secret file is missing, unreadable or empty.
	 */
	static final class UnreadableException extends Exception {

		UnreadableException(String message) {
			super(message);
		}

	}

}
