package dev.kfleet.reports;

import java.util.List;
import java.util.Map;

/**
 * The VDUSE report's figures over a set of hosts: counts of what their agents last
 * reported.
 *
 * @param hosts the hosts, capable of VDUSE or not
 * @param notCapableReasons the hosts not capable, by their agent's reason
 * @param modules hosts by VDUSE module ({@code vdpa}, {@code vduse}, {@code virtio_vdpa},
 * {@code vhost_vdpa}) and its state ({@code loaded}, {@code builtin}, {@code not-loaded},
 * {@code not-built}, {@code unknown})
 * @param devices the devices
 */
record VduseSummary(Hosts hosts, Tally notCapableReasons, Map<String, Map<String, Long>> modules, Devices devices) {

	/**
	 * Hosts by VDUSE capability.
	 *
	 * @param total the hosts
	 * @param capable their kernel can run VDUSE
	 * @param notCapable it cannot
	 * @param unknown not known, or no report yet
	 * @param modulesLoaded the four modules are all in the kernel
	 * @param modulesNotLoaded one is not loaded or not built
	 * @param withDevices hosts with at least one VDUSE device
	 */
	record Hosts(long total, long capable, long notCapable, long unknown, long modulesLoaded, long modulesNotLoaded,
			long withDevices) {
	}

	/**
	 * VDUSE devices.
	 *
	 * @param total the devices
	 * @param orphaned their back-end process is gone
	 * @param unhealthy the agent judged them unhealthy (orphaned ones included)
	 * @param byType by virtio type ({@code unknown} when not known)
	 * @param byDriver by bound vDPA driver ({@code none} when unbound or not known)
	 * @param byConsumerKind by consumer kind
	 * @param byHealth by the agent's verdict
	 */
	record Devices(long total, long orphaned, long unhealthy, Tally byType, Tally byDriver, Tally byConsumerKind,
			Tally byHealth) {
	}

	/**
	 * Counts by value: the most frequent values first, at most
	 * {@value VduseAggregates#TALLY_SIZE}.
	 *
	 * @param values the values and their counts
	 * @param others the count of the values not listed
	 */
	record Tally(List<ValueCount> values, long others) {
	}

	/**
	 * A value and how many have it.
	 *
	 * @param value the value
	 * @param count how many
	 */
	record ValueCount(String value, long count) {
	}

}
