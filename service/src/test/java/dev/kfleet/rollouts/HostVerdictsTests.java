package dev.kfleet.rollouts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kfleet.rollouts.AskedHost.Observed;
import dev.kfleet.rollouts.Feature.Target;
import dev.kfleet.rollouts.HostVerdicts.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

class HostVerdictsTests {

	static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

	static final Target HVO_ON = new Target(true, false);

	static final Target REBUILD = new Target(true, true);

	static final Observed SWITCH_ON = new Observed(true, true, 0L, 0L, null, null);

	@Test
	void aHostSucceedsWhenEveryActionSucceededAndItsReportShowsTheTarget() {
		assertThat(judge(asked(1, 1, null, SWITCH_ON), HVO_ON))
			.contains(new Verdict(HostState.SUCCEEDED, "verified: the report shows the target state"));
	}

	@Test
	void aHostWaitsUntilItsDeadlineForResultsAndForAReportThatMatches() {
		assertThat(judge(asked(1, 0, null, SWITCH_ON), HVO_ON)).isEmpty();
		assertThat(judge(asked(1, 1, null, new Observed(false, null, 0L, 0L, null, null)), HVO_ON)).isEmpty();
		assertThat(judge(asked(1, 1, null, new Observed(true, false, 0L, 0L, null, null)), HVO_ON)).isEmpty();
	}

	@Test
	void aHostFailsAtOnceWhenItsAgentReportsAFailure() {
		assertThat(judge(asked(2, 1, "hvo.set-switch failed: EIO", SWITCH_ON), HVO_ON))
			.hasValueSatisfying((verdict) -> assertThat(verdict)
				.isEqualTo(new Verdict(HostState.FAILED, "the agent reported: hvo.set-switch failed: EIO")));
	}

	@Test
	void aHostFailsAtItsDeadlineSayingWhatWasMissing() {
		AskedHost late = new AskedHost(UUID.randomUUID(), HostState.APPLYING, 1, NOW.minusSeconds(1), Previous.UNKNOWN,
				false, NOW.minusSeconds(600), 0, null, true, null, SWITCH_ON);
		assertThat(judge(late, HVO_ON).orElseThrow().detail()).startsWith("deadline passed")
			.contains("no result from the agent for 1 of 1 actions")
			.contains("last seen at 2026-12-06T09:50:00Z");
		AskedHost persistedOff = new AskedHost(UUID.randomUUID(), HostState.APPLYING, 1, NOW.minusSeconds(1),
				Previous.UNKNOWN, false, NOW, 1, null, true, NOW, new Observed(true, false, 0L, 0L, null, null));
		assertThat(judge(persistedOff, HVO_ON).orElseThrow()).isEqualTo(new Verdict(HostState.FAILED,
				"deadline passed (2026-12-06T09:59:59Z): the report does not show the target state: "
						+ "HVO's switch is on but persisted off; its agent was last seen at 2026-12-06T10:00:00Z"));
	}

	@Test
	void rebuiltPagesMustGiveWhatTheKernelsNumbersSaid() {
		Previous before = new Previous(false, 1000L, 28_672L * 100);
		assertThat(judge(rebuilt(before, true, 1000L + 28_672L * 100, 5_000L), REBUILD).orElseThrow().state())
			.isEqualTo(HostState.SUCCEEDED);
		assertThat(HostVerdicts.mismatch(Feature.HVO, REBUILD, rebuilt(before, true, 1000L + 28_672L * 99, 5_000L)))
			.isEqualTo("the bytes reclaimed grew by 2838528, the rebuilt pages give 2867200");
		assertThat(HostVerdicts.mismatch(Feature.HVO, REBUILD, rebuilt(before, false, 1000L + 28_672L * 100, 0L)))
			.isEqualTo("a HugeTLB pool did not get back to its size");
		// Nothing left to reclaim: every page is optimized, whatever the arithmetic said.
		assertThat(HostVerdicts.mismatch(Feature.HVO, REBUILD, rebuilt(before, true, 5_000L, 0L))).isNull();
	}

	@Test
	void vduseSucceedsWhenTheReportShowsItSupportedWithTheModulesLoaded() {
		Target load = new Target(true, false);
		assertThat(HostVerdicts.mismatch(Feature.VDUSE, load,
				asked(1, 1, null, new Observed(null, null, null, null, true, true))))
			.isNull();
		assertThat(HostVerdicts.mismatch(Feature.VDUSE, load,
				asked(1, 1, null, new Observed(null, null, null, null, true, false))))
			.contains("modules loaded");
	}

	@Test
	void aRollbackIsVerifiedAgainstWhatTheHostReportedBefore() {
		AskedHost back = new AskedHost(UUID.randomUUID(), HostState.ROLLING_BACK, 1, NOW.plusSeconds(60),
				new Previous(false, null, null), false, NOW, 1, null, true, NOW,
				new Observed(false, false, 0L, 0L, null, null));
		assertThat(judge(back, HVO_ON).orElseThrow().state()).isEqualTo(HostState.ROLLED_BACK);
		AskedHost failed = new AskedHost(UUID.randomUUID(), HostState.ROLLING_BACK, 1, NOW.plusSeconds(60),
				new Previous(false, null, null), false, NOW, 1, "hvo.set-switch refused: no", true, NOW, SWITCH_ON);
		assertThat(judge(failed, HVO_ON).orElseThrow().state()).isEqualTo(HostState.ROLLBACK_FAILED);
	}

	@Test
	void aDecommissionedHostIsSkippedNotFailed() {
		AskedHost gone = new AskedHost(UUID.randomUUID(), HostState.APPLYING, 1, NOW.plusSeconds(60), Previous.UNKNOWN,
				true, NOW, 0, null, true, null, SWITCH_ON);
		assertThat(judge(gone, HVO_ON).orElseThrow().state()).isEqualTo(HostState.SKIPPED);
	}

	private static Optional<Verdict> judge(AskedHost host, Target target) {
		return HostVerdicts.judge(host, Feature.HVO, target, NOW);
	}

	private static AskedHost asked(int actions, int results, String failures, Observed observed) {
		return new AskedHost(UUID.randomUUID(), HostState.APPLYING, actions, NOW.plusSeconds(60), Previous.UNKNOWN,
				false, NOW, results, failures, true, NOW, observed);
	}

	private static AskedHost rebuilt(Previous before, boolean poolsKept, long reclaimed, long additional) {
		return new AskedHost(UUID.randomUUID(), HostState.APPLYING, 2, NOW.plusSeconds(60), before, false, NOW, 2, null,
				poolsKept, NOW, new Observed(true, true, reclaimed, additional, null, null));
	}

}
