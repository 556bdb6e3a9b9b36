package dev.kfleet.agent.actions;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.PoolChange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildFreePagesTests {

	private static final long TWO_MIB = 2L << 20;

	private static final long ONE_GIB = 1L << 30;

	private final FakeKernel kernel = new FakeKernel();

	private final List<Duration> pauses = new ArrayList<>();

	private final List<String> journal = new ArrayList<>();

	@Test
	void rebuildsEveryFreeUnreservedPageSoThatAllOfThemEndUpOptimized() {
		FakeKernel.Pool pool = this.kernel.pool(TWO_MIB, 1).freePages(0, 150, false).usedPages(0, 50);
		pool.reserved = 10;
		ActionResult result = rebuild(Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(result.pools()).containsExactly(new PoolChange(TWO_MIB, 200, 150, 200, 150));
		assertThat(pool.unoptimizedFree()).isEqualTo(10);
		assertThat(this.kernel.memmap).isEqualTo(100_000 - 140 * 7);
		assertThat(result.detail()).contains("gave back 140 of 150 free pages")
			.contains("the memmap counters fell by 980 pages (4014080 bytes of vmemmap freed)");
	}

	@Test
	void givesEveryPageBackBeforeRegrowingBecauseTheKernelsFreeListsAreLifo() {
		this.kernel.pool(TWO_MIB, 1).freePages(0, 100, false);
		rebuild(Map.of());
		assertThat(this.kernel.writes).containsExactly(TWO_MIB + "=36", TWO_MIB + "=0", TWO_MIB + "=64",
				TWO_MIB + "=100");
	}

	@Test
	void givesGiganticPagesBackAndRegrowsThemOneAtATime() {
		this.kernel.pool(ONE_GIB, 1).freePages(0, 2, false);
		ActionResult result = rebuild(Map.of());
		assertThat(this.kernel.writes).containsExactly(ONE_GIB + "=1", ONE_GIB + "=0", ONE_GIB + "=1", ONE_GIB + "=2");
		assertThat(result.pools()).containsExactly(new PoolChange(ONE_GIB, 2, 2, 2, 2));
	}

	@Test
	void aPoolThatCannotBeRegrownIsRegrownAsFarAsPossibleAndReportedWithItsShortfall() {
		FakeKernel.Pool pool = this.kernel.pool(ONE_GIB, 1).freePages(0, 4, false);
		pool.capacity = 3;
		this.kernel.pool(TWO_MIB, 1).freePages(0, 8, false);
		ActionResult result = rebuild(Map.of("pageSizeBytes", List.of(ONE_GIB, TWO_MIB)));
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.pools()).containsExactly(new PoolChange(ONE_GIB, 4, 4, 3, 3));
		assertThat(result.detail()).contains("could regrow only to 3 of 4: 1 pages short after 5 attempts")
			.contains("the remaining pools were not touched");
		assertThat(this.pauses).hasSize(PoolRebuild.REGROW_ATTEMPTS - 1);
		assertThat(this.journal).containsExactly("begin " + ONE_GIB + " 4 {}");
	}

	@Test
	void neverEndsWithASmallerPoolWhenTheKernelCanRegrowIt() {
		FakeKernel.Pool pool = this.kernel.pool(TWO_MIB, 1).freePages(0, 300, true).freePages(0, 200, false);
		pool.usedPages(0, 77);
		ActionResult result = rebuild(Map.of());
		assertThat(result.pools().getFirst().totalAfter()).isEqualTo(577);
		assertThat(pool.unoptimizedFree()).isZero();
		assertThat(this.journal).containsExactly("begin " + TWO_MIB + " 577 {}", "end " + TWO_MIB);
	}

	@Test
	void rebuildsEachNumaNodeOnThatNodeSoThePlacementIsKept() {
		FakeKernel.Pool pool = this.kernel.pool(TWO_MIB, 2).freePages(0, 3, false).freePages(1, 5, false);
		rebuild(Map.of());
		assertThat(this.kernel.writes).containsExactly(TWO_MIB + "@0=0", TWO_MIB + "@1=0", TWO_MIB + "@0=3",
				TWO_MIB + "@1=5");
		assertThat(pool.free.get(0)).hasSize(3);
		assertThat(pool.free.get(1)).hasSize(5);
		assertThat(this.journal.getFirst()).isEqualTo("begin " + TWO_MIB + " 8 {0=3, 1=5}");
	}

	@Test
	void leavesAPoolWithSurplusPagesAloneAndSaysWhy() {
		FakeKernel.Pool pool = this.kernel.pool(TWO_MIB, 1).freePages(0, 5, false).usedPages(0, 3);
		pool.surplus = 3;
		ActionResult result = rebuild(Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("3 surplus pages in use; not touched");
		assertThat(this.kernel.writes).isEmpty();
	}

	@Test
	void failsWithoutTouchingAnythingWhenTheSwitchIsOff() {
		this.kernel.pool(TWO_MIB, 1).freePages(0, 5, false);
		this.kernel.hvoSwitch = java.util.Optional.of(false);
		ActionResult result = rebuild(Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("the HVO switch is off");
		assertThat(this.kernel.writes).isEmpty();
	}

	@Test
	void failsForAPageSizeTheHostDoesNotHave() {
		this.kernel.pool(TWO_MIB, 1);
		ActionResult result = rebuild(Map.of("pageSizeBytes", List.of(4096L * 1024)));
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("no HugeTLB pool of [4194304] bytes");
	}

	@Test
	void refusesParametersItDoesNotKnow() {
		this.kernel.pool(TWO_MIB, 1);
		assertThat(rebuild(Map.of("pageSizeBytes", List.of())).outcome()).isEqualTo(ActionOutcome.REFUSED);
		assertThat(rebuild(Map.of("pageSizeBytes", List.of("2M"))).detail()).contains("not a positive integer");
		assertThat(rebuild(Map.of("force", true)).detail()).contains("unknown parameter \"force\"");
	}

	@Test
	void aKernelThatRefusesWritesFailsTheActionWithItsReason() {
		this.kernel.pool(TWO_MIB, 1).freePages(0, 5, false);
		this.kernel.refuseWrites = true;
		ActionResult result = rebuild(Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("Operation not permitted");
	}

	private ActionResult rebuild(Map<String, Object> parameters) {
		PoolJournal recording = new PoolJournal() {

			@Override
			public void begin(long size, long total, Map<Integer, Long> nodes) {
				RebuildFreePagesTests.this.journal.add("begin " + size + " " + total + " " + nodes);
			}

			@Override
			public void end(long size) {
				RebuildFreePagesTests.this.journal.add("end " + size);
			}

		};
		FakeModules modules = new FakeModules();
		ActionExecutor executor = ActionExecutor.of(this.kernel, (e, o) -> "nowhere", recording, this.pauses::add,
				modules, modules, Clock.systemUTC());
		try {
			return executor.apply(new DesiredState(1, List.of(new Action("1", "hvo.rebuild-free-pages", parameters))))
				.getFirst();
		}
		catch (InterruptedException ex) {
			throw new AssertionError(ex);
		}
	}

}
