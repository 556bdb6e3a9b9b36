package dev.kfleet.agent.server;

import java.time.Duration;
import java.util.Optional;

/**
 * The agent API did not answer as hoped. {@link #kind()} says what the caller should do:
 * retry later, enroll again, or give up on this request.
 */
public final class ServerException extends Exception {

	private final Kind kind;

	private final int status;

	private final String detail;

	private final transient Optional<Duration> retryAfter;

	private final transient Optional<ApprovalRequest> approval;

	public ServerException(Kind kind, int status, String detail, Optional<Duration> retryAfter) {
		this(kind, status, detail, retryAfter, Optional.empty());
	}

	public ServerException(Kind kind, int status, String detail, Optional<Duration> retryAfter,
			Optional<ApprovalRequest> approval) {
		super(describe(kind, status, detail));
		this.kind = kind;
		this.status = status;
		this.detail = detail;
		this.retryAfter = retryAfter;
		this.approval = approval;
	}

	static ServerException transientFailure(String detail) {
		return new ServerException(Kind.TRANSIENT, 0, detail, Optional.empty());
	}

	/**
	 * Returns what kind of failure this is.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Returns the HTTP status.
	 * @return the status, or 0 when no response arrived
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Returns what went wrong: the problem document's {@code detail}, or the network
	 * error.
	 * @return the detail
	 */
	public String detail() {
		return this.detail;
	}

	/**
	 * Returns the service's {@code Retry-After}, if it sent one.
	 * @return the wait it asked for
	 */
	public Optional<Duration> retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Returns the enrollment request that waits for an operator, when {@link #kind()} is
	 * {@link Kind#APPROVAL_REQUIRED}.
	 * @return the request
	 */
	public Optional<ApprovalRequest> approval() {
		return this.approval;
	}

	private static String describe(Kind kind, int status, String detail) {
		String where = (status == 0) ? "no response" : "HTTP " + status;
		return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " (" + where + "): " + detail;
	}

	/**
	 * What the caller should do about a failure.
	 */
	public enum Kind {

		/**
		 * Try again later, with backoff: the connection was refused or reset, the request
		 * timed out, or the service answered 408, 429 or 5xx, or with a body that is not
		 * the contract's.
		 */
		TRANSIENT,

		/** 401: the token (or enrollment secret) is unknown, expired or revoked. */
		UNAUTHORIZED,

		/**
		 * 409 {@code enrollment-approval-required}: the machine has an active agent (or
		 * was decommissioned), and enrolling needs the host's token or an operator's
		 * approval of the request this attempt made; retry with the same request key.
		 */
		APPROVAL_REQUIRED,

		/**
		 * Any other 4xx (and unexpected statuses): this request will not succeed as it
		 * is.
		 */
		CLIENT_ERROR

	}

}
