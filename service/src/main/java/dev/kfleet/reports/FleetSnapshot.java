package dev.kfleet.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet's aggregates at one moment, as the fleet job stored them: what every
 * replica's {@code kfleet.fleet.*} gauges show.
 *
 * @param computedAt when they were computed
 * @param hostsByHvo active hosts by HVO state ({@code on}, {@code off},
 * {@code unsupported}, {@code unknown}; every state present)
 * @param hvoBytes vmemmap bytes over the fleet: {@code reclaimed}, {@code reclaimable},
 * {@code additional}
 * @param hugetlbBytes HugeTLB pool memory by page size in bytes
 * @param vduseDevices VDUSE devices by driver, type and health
 * @param staleHosts active hosts whose agent stopped checking in
 */
record FleetSnapshot(Instant computedAt, Map<String, Long> hostsByHvo, Map<String, Long> hvoBytes,
		Map<Long, Long> hugetlbBytes, List<Devices> vduseDevices, long staleHosts) {

	/**
	 * How many VDUSE devices have this driver, type and health.
	 *
	 * @param driver the bound driver ({@code none} when unbound)
	 * @param type the device type ({@code unknown} when not known)
	 * @param health the health verdict
	 * @param devices how many
	 */
	record Devices(String driver, String type, String health, long devices) {
	}

}
