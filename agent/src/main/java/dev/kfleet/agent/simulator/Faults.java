package dev.kfleet.agent.simulator;

/**
 * The faults a simulated host is given, seeded.
 *
 * @param failsToApply its kernel refuses writes, or cannot regrow a pool it gave pages
 * back from
 * @param goesOffline it stops checking in for a while, now and then
 * @param flaps its report changes back and forth between check-ins
 * @param late it checks in late, now and then
 */
record Faults(boolean failsToApply, boolean goesOffline, boolean flaps, boolean late) {

	static final Faults NONE = new Faults(false, false, false, false);

}
