package dev.kfleet.agent.report;

/**
 * The health verdict of a VDUSE device.
 *
 * @param verdict the verdict
 * @param reason why, with the evidence
 */
public record DeviceHealth(DeviceHealthVerdict verdict, @MaxLength(1000) String reason) {
}
