package dev.kfleet.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operator operation that changes something, and the audit action it records (ADR
 * 0040). Every mutating handler of the operator API carries it (checked by a test). For
 * such an operation the caller's {@link AuditReason#HEADER} is read and checked before
 * the handler runs, and a refusal (403, 409, 412) of an authenticated caller is recorded
 * as this action with the outcome {@code refused}, in a transaction of its own. What
 * succeeds is recorded by the module's service, in the transaction of the change.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AuditedOperation {

	/**
	 * The action the operation records, e.g. {@code host.decommissioned}. A handler that
	 * serves several operations, one per value of a path variable, ends its action in
	 * that variable: {@code rollout.{operation}} (see {@link #variableActions()}).
	 */
	String action();

	/**
	 * For an action that ends in a path variable, what each value of the variable
	 * records, as {@code value=word}: with {@code "pause=paused"},
	 * {@code rollout.{operation}} is {@code rollout.paused} for {@code …/pause}. Without
	 * a list the value itself is the word; a value not listed, or not a word
	 * ({@code [a-z][a-z0-9-]*}, at most 32 characters), is {@code unknown}.
	 */
	String[] variableActions() default {};

	/** What kind of thing it acts on, e.g. {@code host}. */
	String targetType();

	/**
	 * The path variable that names the target, or empty when the target is not in the
	 * path (it is created by the operation).
	 */
	String targetIdVariable() default "";

}
