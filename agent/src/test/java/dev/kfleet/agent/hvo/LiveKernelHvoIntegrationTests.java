package dev.kfleet.agent.hvo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.report.HvoReport;
import dev.kfleet.agent.report.ReclaimedMethod;
import dev.kfleet.agent.report.SavingsFindingCode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent against the running kernel: grows HugeTLB pools with the HVO switch off and
 * on, and checks that the agent's bytes reclaimed move with
 * {@code nr_memmap_pages + nr_memmap_boot_pages} (read here, independently of the agent)
 * to the byte, and by exactly what kernel-facts.md §1.2 says each page frees. Runs only
 * as root on a kernel with the switch, the counters and empty pools; restores every
 * tunable it touched, also when an assertion fails.
 */
class LiveKernelHvoIntegrationTests {

	private static final Path SWITCH = Path.of("/proc/sys/vm/hugetlb_optimize_vmemmap");

	private static final Path POOLS = Path.of("/sys/kernel/mm/hugepages");

	private static final Path POOL_2M = POOLS.resolve("hugepages-2048kB/nr_hugepages");

	private static final Path POOL_1G = POOLS.resolve("hugepages-1048576kB/nr_hugepages");

	private static final long PAGE = 4096;

	@BeforeEach
	void requireAKernelThisTestMayChange() throws IOException {
		Assumptions.assumeTrue(isRoot(), "not root: the test writes /proc/sys/vm and /sys/kernel/mm/hugepages");
		Assumptions.assumeTrue(Files.isWritable(SWITCH), "no writable " + SWITCH + " (kernel without the HVO switch)");
		Assumptions.assumeTrue(memmapCounters() >= 0, "no nr_memmap_pages in /proc/vmstat (kernel before 6.11)");
		Assumptions.assumeTrue(Files.isWritable(POOL_2M) && Files.isWritable(POOL_1G),
				"no writable 2 MiB and 1 GiB HugeTLB pools (not x86-64 with 4 KiB pages?)");
		Assumptions.assumeTrue(poolsEmpty(),
				"HugeTLB pools are in use on this host; the test only changes empty pools");
		Assumptions.assumeTrue(KernelKnobs.read(Path.of("/proc/meminfo")).contains("Hugepagesize:       2048 kB"),
				"the default HugeTLB size is not 2 MiB");
	}

	@Test
	void reclaimedBytesFollowTheCountersAsThe2MiBPoolGrowsWithTheSwitchOffThenOn() {
		try (KernelKnobs knobs = new KernelKnobs()) {
			knobs.write(SWITCH, "0");
			Step start = Step.now();
			assertThat(start.hvo.savings().reclaimedBytes().orElseThrow()).isZero();
			grow(knobs, POOL_2M, 64);
			Step switchOff = Step.now();
			assertReclaimedFollowsCounters(start, switchOff, 0);
			knobs.write(SWITCH, "1");
			grow(knobs, POOL_2M, 128);
			Step switchOn = Step.now();
			assertReclaimedFollowsCounters(start, switchOn, 64 * 7);
			assertThat(switchOn.hvo.savings().reclaimableBytes().orElseThrow()).isEqualTo(128 * 7 * PAGE);
			assertThat(switchOn.hvo.savings().findings()).extracting((f) -> f.code())
				.containsExactly(SavingsFindingCode.PARTLY_OPTIMIZED);
		}
	}

	@Test
	void reclaimedBytesFollowTheCountersWhenA1GiBPageIsAdded() {
		try (KernelKnobs knobs = new KernelKnobs()) {
			knobs.write(SWITCH, "1");
			Step start = Step.now();
			grow(knobs, POOL_2M, 32);
			Step twoMiB = Step.now();
			assertReclaimedFollowsCounters(start, twoMiB, 32 * 7);
			String got = knobs.write(POOL_1G, "1");
			Assumptions.assumeTrue(got.equals("1"), "the kernel could not allocate a 1 GiB HugeTLB page now"
					+ " (no free, aligned 1 GiB of memory); the 1 GiB step is skipped");
			Step oneGiB = Step.now();
			assertReclaimedFollowsCounters(start, oneGiB, 32 * 7 + 4095);
			assertThat(oneGiB.hvo.savings().reclaimableBytes()).isEqualTo(oneGiB.hvo.savings().reclaimedBytes());
			assertThat(oneGiB.hvo.savings().consistent()).isTrue();
		}
	}

	private static void assertReclaimedFollowsCounters(Step start, Step now, long expectedPages) {
		long counterDrop = start.memmapPages - now.memmapPages;
		long reclaimedChange = now.hvo.savings().reclaimedBytes().orElseThrow()
				- start.hvo.savings().reclaimedBytes().orElseThrow();
		assertThat(now.hvo.savings().method().orElseThrow()).isEqualTo(ReclaimedMethod.MEMMAP_COUNTERS);
		assertThat(reclaimedChange).as("change in bytes reclaimed").isEqualTo(counterDrop * PAGE);
		assertThat(counterDrop).as("memmap pages freed by HVO").isEqualTo(expectedPages);
		assertThat(now.hvo.memmap().memmapPages().orElseThrow()).isEqualTo(now.memmapPages);
	}

	private static void grow(KernelKnobs knobs, Path pool, long pages) {
		String got = knobs.write(pool, Long.toString(pages));
		Assumptions.assumeTrue(got.equals(Long.toString(pages)),
				"the kernel allocated " + got + " of " + pages + " HugeTLB pages in " + pool + " (memory pressure)");
	}

	static boolean isRoot() {
		return KernelKnobs.read(Path.of("/proc/self/status"))
			.lines()
			.anyMatch((line) -> line.matches("Uid:\\s+0\\s+0\\s+0\\s+0"));
	}

	private static boolean poolsEmpty() throws IOException {
		try (var dirs = Files.list(POOLS)) {
			for (Path dir : dirs.toList()) {
				for (String file : List.of("nr_hugepages", "surplus_hugepages", "nr_overcommit_hugepages")) {
					if (!KernelKnobs.read(dir.resolve(file)).equals("0")) {
						return false;
					}
				}
			}
		}
		return true;
	}

	static long memmapCounters() {
		long sum = 0;
		int found = 0;
		for (String line : KernelKnobs.read(Path.of("/proc/vmstat")).lines().toList()) {
			String[] parts = line.split(" ");
			if (parts[0].equals("nr_memmap_pages") || parts[0].equals("nr_memmap_boot_pages")) {
				sum += Long.parseLong(parts[1]);
				found++;
			}
		}
		return (found == 2) ? sum : -1;
	}

	private record Step(long memmapPages, HvoReport hvo) {

		static Step now() {
			long before = memmapCounters();
			HvoReport hvo = new HostCollector(Path.of("/"), Clock.systemUTC()).collect().hvo();
			long after = memmapCounters();
			assertThat(after).as("the counters moved while the agent read them").isEqualTo(before);
			return new Step(after, hvo);
		}

	}

}
