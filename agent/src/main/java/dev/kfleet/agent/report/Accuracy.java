package dev.kfleet.agent.report;

/**
 * Whether a figure is exact.
 */
public enum Accuracy {

	/** Exact to the byte, given the inputs shown in the report. */
	EXACT,

	/** An estimate; the findings say why. */
	ESTIMATE

}
