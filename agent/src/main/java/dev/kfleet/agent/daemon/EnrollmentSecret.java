package dev.kfleet.agent.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.kfleet.agent.server.Bounds;

/**
 * Reads the enrollment secret from its file, trimmed: 1 to 256 printable ASCII characters
 * without spaces, as a bearer token in a header. The secret itself never reaches a log
 * line or an exception message.
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
		if (!Bounds.isToken(secret)) {
			throw new UnreadableException("the enrollment secret file " + file
					+ " holds more than one word, or characters a bearer token cannot carry: put the secret alone in it");
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
