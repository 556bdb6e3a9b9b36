package dev.kfleet.agent.report;

/**
 * One reason HVO is unsupported or limited.
 *
 * @param code what kind of limit
 * @param blocking whether it makes HVO unsupported (rather than limiting it)
 * @param message the explanation, with the values that led to it
 */
public record HvoLimit(HvoLimitCode code, boolean blocking, @MaxLength(1000) String message) {
}
