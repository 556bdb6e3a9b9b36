package dev.kfleet.agent.hvo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.actions.ActionExecutor;
import dev.kfleet.agent.actions.HostModules;
import dev.kfleet.agent.actions.Modprobe;
import dev.kfleet.agent.actions.ModulesLoadFile;
import dev.kfleet.agent.actions.Pauser;
import dev.kfleet.agent.actions.PoolJournal;
import dev.kfleet.agent.actions.SysctlDropIn;
import dev.kfleet.agent.actions.SysfsKernel;
import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.PoolChange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's HVO actions against the running kernel: with 40 × 2 MiB pages allocated
 * while the switch was off, {@code hvo.set-switch} turns it on (persisting into a
 * temporary drop-in) and {@code hvo.rebuild-free-pages} rebuilds the pool; the memmap
 * counters (read here, independently) fall by exactly 40 × 7 pages, the pool is as large
 * as before, and the agent's report says all of it is reclaimed. Runs only as root on a
 * kernel with the switch, the counters and empty pools; every tunable is restored, also
 * on failure.
 */
class LiveKernelRebuildIntegrationTests {

	private static final Path SWITCH = Path.of("/proc/sys/vm/hugetlb_optimize_vmemmap");

	private static final Path POOL_2M = Path.of("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");

	private static final long TWO_MIB = 2L << 20;

	@TempDir
	Path temp;

	@BeforeEach
	void requireAKernelThisTestMayChange() throws IOException {
		Assumptions.assumeTrue(LiveKernelHvoIntegrationTests.isRoot(),
				"not root: the test writes /proc/sys/vm and /sys/kernel/mm/hugepages");
		Assumptions.assumeTrue(Files.isWritable(SWITCH), "no writable " + SWITCH + " (kernel without the HVO switch)");
		Assumptions.assumeTrue(LiveKernelHvoIntegrationTests.memmapCounters() >= 0,
				"no nr_memmap_pages in /proc/vmstat (kernel before 6.11)");
		Assumptions.assumeTrue(Files.isWritable(POOL_2M), "no writable 2 MiB HugeTLB pool");
		Assumptions.assumeTrue(KernelKnobs.read(POOL_2M).equals("0"),
				"the 2 MiB pool is in use on this host; the test only changes an empty pool");
	}

	@Test
	void turningTheSwitchOnThenRebuildingFreePagesOptimizesEveryPageWithoutShrinkingThePool() {
		try (KernelKnobs knobs = new KernelKnobs()) {
			knobs.write(SWITCH, "0");
			Assumptions.assumeTrue(knobs.write(POOL_2M, "40").equals("40"), "the kernel could not allocate 40 × 2 MiB");
			long before = LiveKernelHvoIntegrationTests.memmapCounters();
			Path dropIn = this.temp.resolve("90-kfleet-hvo.conf");
			List<ActionResult> results = apply(dropIn,
					new Action("1", "hvo.set-switch", Map.of("enabled", true, "persist", true)),
					new Action("2", "hvo.rebuild-free-pages", Map.of("pageSizeBytes", List.of(TWO_MIB))));
			long after = LiveKernelHvoIntegrationTests.memmapCounters();
			assertThat(results).extracting(ActionResult::outcome)
				.containsExactly(ActionOutcome.SUCCEEDED, ActionOutcome.SUCCEEDED);
			assertThat(results.get(1).pools()).containsExactly(new PoolChange(TWO_MIB, 40, 40, 40, 40));
			assertThat(before - after).isEqualTo(40 * 7);
			assertThat(results.get(1).detail()).contains("the memmap counters fell by 280 pages");
			assertThat(KernelKnobs.read(dropIn.toAbsolutePath())).endsWith("vm.hugetlb_optimize_vmemmap = 1");
			HvoSavingsView savings = HvoSavingsView.now();
			assertThat(savings.reclaimed()).isEqualTo(savings.reclaimable()).isEqualTo(40 * 7 * 4096L);
		}
	}

	private static List<ActionResult> apply(Path dropIn, Action... actions) {
		try {
			return ActionExecutor
				.of(new SysfsKernel(Path.of("/"), 4096), new SysctlDropIn(dropIn, Clock.systemUTC()), PoolJournal.NONE,
						Pauser.SLEEP,
						new HostModules(Path.of("/"), new Modprobe(List.of(), Path.of("/"), Modprobe.TIMEOUT)),
						new ModulesLoadFile(dropIn.resolveSibling("unused-modules.conf"), Clock.systemUTC()),
						Clock.systemUTC())
				.apply(new DesiredState(1, List.of(actions)));
		}
		catch (InterruptedException ex) {
			throw new AssertionError(ex);
		}
	}

	private record HvoSavingsView(long reclaimed, long reclaimable) {

		static HvoSavingsView now() {
			var savings = new HostCollector(Path.of("/"), Clock.systemUTC()).collect().hvo().savings();
			return new HvoSavingsView(savings.reclaimedBytes().orElseThrow(), savings.reclaimableBytes().orElseThrow());
		}

	}

}
