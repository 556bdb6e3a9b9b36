package dev.kfleet.contract;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One request the fuzz test sends.
 *
 * @param operation the operation it calls
 * @param description what is hostile about it
 * @param target the request target, encoded as sent
 * @param headers header names and values, as sent
 * @param body the body's bytes, or {@code null}
 */
record FuzzRequest(Operation operation, String description, String target, List<String> headers,
		byte @Nullable [] body) {

	@Override
	public String toString() {
		return this.operation + " [" + this.description + "] " + abbreviate(this.target);
	}

	static String abbreviate(String text) {
		return (text.length() > 160) ? text.substring(0, 160) + "…" : text;
	}

}
