package dev.kfleet.agent.simulator;

/**
 * The fraction of hosts given each fault (0 to 1).
 *
 * @param failure hosts whose kernel fails to apply actions
 * @param offline hosts that go offline now and then
 * @param flap hosts whose report changes back and forth
 * @param late hosts that check in late now and then
 */
public record FaultRates(double failure, double offline, double flap, double late) {

	/** No faults. */
	public static final FaultRates NONE = new FaultRates(0, 0, 0, 0);

}
