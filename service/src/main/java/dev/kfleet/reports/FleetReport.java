package dev.kfleet.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The reports of the whole fleet at one moment, as the fleet job stored them
 * ({@link FleetReportJob}): what every replica serves when no selector narrows a report.
 *
 * @param computedAt when they were computed
 * @param totals the memory figures of every active host
 * @param unsupportedReasons hosts whose HVO is unsupported, by reason
 * @param groupings the groups of each grouping kept, by the grouping's name; a grouping
 * with more than {@value #MAX_STORED_GROUPS} groups is not kept (it is computed on
 * request)
 * @param vduse the VDUSE report
 */
record FleetReport(Instant computedAt, MemoryFigures totals, Map<String, Long> unsupportedReasons,
		Map<String, StoredGrouping> groupings, VduseSummary vduse) {

	static final int MAX_STORED_GROUPS = 1000;

	/**
	 * The groups of one grouping.
	 *
	 * @param groups every group, in the order of their keys
	 * @param ungrouped the hosts without a key
	 */
	record StoredGrouping(List<MemoryAggregates.Group> groups, MemoryFigures ungrouped) {
	}

}
