package dev.kfleet.platform;

import org.jspecify.annotations.Nullable;

/**
 * A request body went over the configured limit while it was being read.
 */
class RequestTooLargeException extends java.io.IOException {

	RequestTooLargeException(long limit) {
		super("The request body is larger than the limit of " + limit + " bytes");
	}

	static @Nullable RequestTooLargeException findIn(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestTooLargeException tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

}
