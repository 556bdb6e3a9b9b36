package dev.kfleet.rollouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A host a rollout asked (forward or back), with what is known of the answer: its agent's
 * results for the version it was asked, and its latest report.
 *
 * @param hostId the host
 * @param state {@code applying} or {@code rolling-back}
 * @param actionCount how many actions it was asked
 * @param deadlineAt when it fails if not verified by then
 * @param previous what it reported before it was asked
 * @param decommissioned whether it was decommissioned since
 * @param lastSeenAt when its agent last checked in
 * @param results how many of the actions have a result
 * @param failures the failed or refused results, in words ({@code null} when none)
 * @param poolsKept whether every HugeTLB pool the actions touched is back at its size
 * @param resultsReportedAt when the last result arrived
 * @param observed what its latest report says
 */
record AskedHost(UUID hostId, HostState state, int actionCount, Instant deadlineAt, Previous previous,
		boolean decommissioned, @Nullable Instant lastSeenAt, int results, @Nullable String failures, boolean poolsKept,
		@Nullable Instant resultsReportedAt, Observed observed) {

	/**
	 * What the host's latest report says, in the fields a verdict reads.
	 *
	 * @param switchOn HVO's runtime switch
	 * @param switchPersisted what the boot-time sysctl configuration sets it to
	 * @param reclaimedBytes the vmemmap bytes HVO has freed
	 * @param additionalBytes the vmemmap bytes it would free with every page optimized
	 * @param vduseSupported whether the kernel can run VDUSE devices
	 * @param vduseModulesLoaded whether the four modules VDUSE needs are loaded
	 */
	record Observed(@Nullable Boolean switchOn, @Nullable Boolean switchPersisted, @Nullable Long reclaimedBytes,
			@Nullable Long additionalBytes, @Nullable Boolean vduseSupported, @Nullable Boolean vduseModulesLoaded) {

		/** The {@code host_state} columns a query selected as {@link #COLUMNS}. */
		static final String COLUMNS = "s.hvo_switch_on, s.hvo_switch_persisted, s.hvo_reclaimed_bytes, "
				+ "s.hvo_additional_bytes, s.vduse_supported, s.vduse_modules_loaded";

		/** Reads the {@link #COLUMNS} of the current row (all null without a report). */
		static Observed of(ResultSet rs) throws SQLException {
			return new Observed((Boolean) rs.getObject("hvo_switch_on"), (Boolean) rs.getObject("hvo_switch_persisted"),
					(Long) rs.getObject("hvo_reclaimed_bytes"), (Long) rs.getObject("hvo_additional_bytes"),
					(Boolean) rs.getObject("vduse_supported"), (Boolean) rs.getObject("vduse_modules_loaded"));
		}

	}

}
