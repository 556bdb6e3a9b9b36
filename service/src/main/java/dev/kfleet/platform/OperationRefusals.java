package dev.kfleet.platform;

import org.jspecify.annotations.Nullable;

/**
 * Records refused operator operations (ADR 0040). Declared here, implemented by the audit
 * module, which platform cannot depend on (the way {@link ApiTokenVerifier} is).
 */
public interface OperationRefusals {

	/**
	 * Records a refusal in a transaction of its own (the operation's own transaction, if
	 * it had one, was rolled back).
	 */
	void refused(Refusal refusal);

	/**
	 * An operation refused to an authenticated caller.
	 *
	 * @param caller who called
	 * @param action the action the operation records ({@link AuditedOperation#action()},
	 * its path variable replaced)
	 * @param targetType the kind of thing it acts on
	 * @param targetId the target named in the path, if any
	 * @param status the answer's status: 403, 409 or 412
	 * @param problem the problem type's last path segment
	 * ({@code desired-state-in-flight})
	 * @param detail the problem's detail, at most {@value #MAX_DETAIL} code points
	 * @param reason the reason the caller gave
	 */
	record Refusal(ApiPrincipal caller, String action, String targetType, @Nullable String targetId, int status,
			@Nullable String problem, @Nullable String detail, @Nullable String reason) {

		/**
		 * The longest detail kept, in code points (a detail may quote a client's header).
		 */
		public static final int MAX_DETAIL = 500;

	}

}
