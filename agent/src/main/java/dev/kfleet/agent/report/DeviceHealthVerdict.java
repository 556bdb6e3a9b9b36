package dev.kfleet.agent.report;

/**
 * The verdicts of {@link DeviceHealth}.
 */
public enum DeviceHealthVerdict {

	/** A back end serves the device and its consumer is live. */
	HEALTHY,

	/** A back end serves the device, but nothing consumes it. */
	IDLE,

	/** The device cannot serve I/O: no back end, or the virtio status shows a failure. */
	UNHEALTHY,

	/** The agent cannot tell; the reason says what it could not see. */
	UNKNOWN

}
