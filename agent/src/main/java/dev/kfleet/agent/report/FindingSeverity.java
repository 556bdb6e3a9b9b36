package dev.kfleet.agent.report;

/**
 * How much a {@link SavingsFinding} matters.
 */
public enum FindingSeverity {

	/** The figures contradict each other: do not trust them until they are read again. */
	INCONSISTENCY,

	/** The figures are right, but qualified. */
	CAVEAT

}
