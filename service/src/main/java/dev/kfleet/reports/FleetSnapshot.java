package dev.kfleet.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet's aggregates at one moment, as the fleet job stored them: what every
 * replica's {@code kfleet.fleet.*} gauges show. Groups are the values of the label key
 * {@code kfleet.reports.metrics-group-label} names, at most
 * {@code kfleet.reports.metrics-max-groups} of them (the largest by hosts), the others
 * summed as {@code other} and the hosts without the label as {@code none}; {@code all}
 * when no label key is set. Kernels are release series ({@code 6.18}), bounded alike.
 *
 * @param computedAt when they were computed
 * @param hostsByHvo active hosts by HVO state ({@code on}, {@code off},
 * {@code unsupported}, {@code unknown}; every state present)
 * @param hostsByKernel active hosts by kernel series and HVO state (only non-zero counts)
 * @param hvoBytes vmemmap bytes by group: {@code reclaimed}, {@code reclaimable},
 * {@code additional}
 * @param installedBytes the memory the hosts' kernels hold (their memory blocks), by
 * group
 * @param hugetlbBytes HugeTLB pool memory by group and page size
 * @param vduseDevices VDUSE devices by driver, type and health
 * @param orphanedDevices VDUSE devices whose back end is gone, by type (every type
 * present, {@code block} and {@code net} at least)
 * @param staleHosts active hosts whose agent stopped checking in
 */
record FleetSnapshot(Instant computedAt, Map<String, Long> hostsByHvo, List<KernelHosts> hostsByKernel,
		List<GroupBytes> hvoBytes, Map<String, Long> installedBytes, List<PageBytes> hugetlbBytes,
		List<Devices> vduseDevices, Map<String, Long> orphanedDevices, long staleHosts) {

	/** Its name among the fleet's snapshots ({@code fleet_snapshot}). */
	static final String NAME = "fleet-aggregates";

	/**
	 * Whether it holds every figure of this version's shape: one an older version stored
	 * (before an upgrade's first run of the fleet job) does not.
	 */
	boolean complete() {
		return this.installedBytes != null && this.orphanedDevices != null;
	}

	/**
	 * How many hosts of a kernel series are in an HVO state.
	 *
	 * @param kernel the release series, {@code major.minor} ({@code unknown} when not
	 * known, {@code other} past the bound)
	 * @param hvo the HVO state
	 * @param hosts how many
	 */
	record KernelHosts(String kernel, String hvo, long hosts) {
	}

	/**
	 * Vmemmap bytes of one kind in one group.
	 *
	 * @param group the group
	 * @param kind {@code reclaimed}, {@code reclaimable} or {@code additional}
	 * @param bytes how many
	 */
	record GroupBytes(String group, String kind, long bytes) {
	}

	/**
	 * HugeTLB pool memory of one page size in one group.
	 *
	 * @param group the group
	 * @param pageSizeBytes the page size in bytes
	 * @param bytes the pools' total
	 */
	record PageBytes(String group, long pageSizeBytes, long bytes) {
	}

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
