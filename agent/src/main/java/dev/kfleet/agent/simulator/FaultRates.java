package dev.kfleet.agent.simulator;

/**
 * The fraction of hosts given each fault (0 to 1).
 *
 * @param failure hosts whose kernel fails to apply actions
 * @param offline hosts that go offline now and then
 * @param flap hosts whose report changes back and forth
 * @param late hosts that check in late now and then
 * @param orphanedDevices VDUSE devices whose back-end process is gone (the agent finds no
 * process holding {@code /dev/vduse/<name>} open), chosen per device from the seed
 */
public record FaultRates(double failure, double offline, double flap, double late, double orphanedDevices) {

	/** No faults. */
	public static final FaultRates NONE = new FaultRates(0, 0, 0, 0, 0);

	/**
	 * These host faults, and no orphaned VDUSE device.
	 * @param failure hosts whose kernel fails to apply actions
	 * @param offline hosts that go offline now and then
	 * @param flap hosts whose report changes back and forth
	 * @param late hosts that check in late now and then
	 */
	public FaultRates(double failure, double offline, double flap, double late) {
		this(failure, offline, flap, late, 0);
	}

}
