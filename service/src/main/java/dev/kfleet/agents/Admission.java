package dev.kfleet.agents;

import org.jspecify.annotations.Nullable;

/**
 * Whether an enrollment may go on, and on what grounds (ADR 0025).
 *
 * @param grounds why it may go on, or {@link Grounds#REFUSED}
 * @param request the request of the attempt's key, if it has one
 * @param currentToken the hash of the host's current token, if it has one
 */
record Admission(Grounds grounds, @Nullable EnrollmentRequest request, byte @Nullable [] currentToken) {

	/** Why an enrollment may go on; the name is the metrics' outcome. */
	enum Grounds {

		/** The machine is new: it became a host. */
		NEW("new"),

		/** The host has no agent credential. */
		AGAIN("again"),

		/** The attempt carried the host's current token. */
		RENEWED("renewed"),

		/** An operator approved the request of the attempt's key. */
		APPROVED("approved-completed"),

		/** None of these: the attempt needs an operator's approval. */
		REFUSED("refused");

		private final String outcome;

		Grounds(String outcome) {
			this.outcome = outcome;
		}

		String outcome() {
			return this.outcome;
		}

		/** How the audit log says the enrollment was allowed. */
		String via() {
			return switch (this) {
				case AGAIN -> "no-credential";
				case RENEWED -> "host-token";
				case APPROVED -> "approval";
				default -> name().toLowerCase(java.util.Locale.ROOT);
			};
		}

	}

}
