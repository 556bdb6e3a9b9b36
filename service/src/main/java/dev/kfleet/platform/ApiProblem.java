package dev.kfleet.platform;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The kinds of problem the API reports, each with its status, its RFC 9457 type URI and
 * its title. The types are documented in {@code docs/problems.md}.
 */
public enum ApiProblem {

	/** The request body or its parameters break the contract. */
	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid"),

	/** The body is not well-formed JSON, or has the wrong shape. */
	MALFORMED_BODY(HttpStatus.BAD_REQUEST, "malformed-body", "The request body cannot be read"),

	/** A pagination cursor was not issued by this service or was altered. */
	INVALID_CURSOR(HttpStatus.BAD_REQUEST, "invalid-cursor", "The cursor is invalid"),

	/** No or an unknown, expired or revoked bearer token. */
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication is required"),

	/** The token's role does not allow the operation. */
	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "The token's role does not allow this"),

	/** The addressed resource does not exist. */
	NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "The resource does not exist"),

	/** The HTTP method is not supported on the resource. */
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "The method is not allowed"),

	/** None of the media types the client accepts can be produced. */
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "The accepted media types cannot be produced"),

	/** The request conflicts with the current state of the resource. */
	CONFLICT(HttpStatus.CONFLICT, "conflict", "The request conflicts with the resource's state"),

	/**
	 * Enrolling a machine whose host has an agent, or was decommissioned, needs the
	 * host's token or an operator's approval.
	 */
	ENROLLMENT_APPROVAL_REQUIRED(HttpStatus.CONFLICT, "enrollment-approval-required",
			"The enrollment needs the host's token or an operator's approval"),

	/**
	 * A host's desired state version is in flight and another owner's; replacing it needs
	 * {@code force}.
	 */
	DESIRED_STATE_IN_FLIGHT(HttpStatus.CONFLICT, "desired-state-in-flight",
			"The desired state in flight belongs to another owner"),

	/**
	 * A host's desired state is held by an active rollout; setting it needs
	 * {@code force}, which fails the host in the rollout.
	 */
	DESIRED_STATE_HELD_BY_ROLLOUT(HttpStatus.CONFLICT, "desired-state-held-by-rollout",
			"An active rollout holds the host"),

	/**
	 * A new rollout would take hosts that another active rollout of the feature holds.
	 */
	ROLLOUT_OVERLAP(HttpStatus.CONFLICT, "rollout-overlap",
			"Another active rollout of the feature holds some of the hosts"),

	/** The rollout's state does not allow the operation asked. */
	ROLLOUT_TRANSITION(HttpStatus.CONFLICT, "rollout-transition", "The rollout's state does not allow this"),

	/** The resource changed since the client read it ({@code If-Match}). */
	PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "The resource has changed"),

	/** The request body is larger than the configured limit. */
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "The request body is too large"),

	/** The request body's media type is not supported by the operation. */
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
			"The media type is not supported"),

	/** The caller went over its rate limit; it retries after {@code Retry-After}. */
	TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests"),

	/** Something went wrong on the server; the client's request may be fine. */
	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal server error"),

	/** The server cannot serve the request now (for example the database is down). */
	UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The service is unavailable");

	private static final String BASE = "https://kfleet.dev/problems/";

	private final HttpStatus status;

	private final URI type;

	private final String title;

	ApiProblem(HttpStatus status, String slug, String title) {
		this.status = status;
		this.type = URI.create(BASE + slug);
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public URI type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

}
