package dev.kfleet.agent.report;

/**
 * One check of the savings arithmetic that failed, or a caveat that applies to it.
 *
 * @param code what was found
 * @param severity whether it contradicts the figures or only qualifies them
 * @param message the explanation, with the values involved
 */
public record SavingsFinding(SavingsFindingCode code, FindingSeverity severity, @MaxLength(1000) String message) {
}
