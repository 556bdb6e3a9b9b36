package dev.kfleet.agent.hvo;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kfleet.agent.fixtures.CaptureReports;
import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.fixtures.Fixtures.Capture;
import dev.kfleet.agent.fixtures.Truth;
import dev.kfleet.agent.report.Accuracy;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.HugetlbPool;
import dev.kfleet.agent.report.HvoReport;
import dev.kfleet.agent.report.NodePool;
import dev.kfleet.agent.report.ReclaimedMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent against every real kernel capture: its numbers must equal the capture's
 * {@code truth.txt} to the byte.
 */
class HvoCapturesIntegrationTests {

	private static final long PAGE = 4096;

	/**
	 * What each capture did to the pools, from the fixtures' README (not from the
	 * counters): the number of optimized pages per pool directory.
	 */
	private static final Map<String, Map<String, Long>> OPTIMIZED = Map.ofEntries(
			Map.entry("linux-6.18-vm/a-hvo-off-no-pools", Map.of()),
			Map.entry("linux-6.18-vm/c-hvo-on-128x2M", Map.of("hugepages-2048kB", 128L)),
			Map.entry("linux-6.18-vm/d-hvo-on-128x2M-1x1G",
					Map.of("hugepages-2048kB", 128L, "hugepages-1048576kB", 1L)),
			Map.entry("linux-6.18-vm/e-mixed-100off-50on", Map.of("hugepages-2048kB", 50L)),
			Map.entry("linux-6.18-vm/g-restored", Map.of()),
			Map.entry("linux-6.12-debian/00-boot-no-vdpa-modules", Map.of()),
			Map.entry("linux-6.12-debian/01-modules-loaded-no-devices", Map.of()),
			Map.entry("linux-6.12-debian/03-vduse0-blk-on-virtio_vdpa", Map.of()),
			Map.entry("linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa", Map.of()),
			Map.entry("linux-6.12-debian/07-after-destroy-modules-loaded", Map.of()),
			Map.entry("linux-6.12-debian/10-hvo-off-no-pages", Map.of()),
			Map.entry("linux-6.12-debian/12-hvo-on-64x2M-half-optimized", Map.of("hugepages-2048kB", 32L)),
			Map.entry("linux-6.12-debian/13-hvo-on-64x2M-1x1G-all-optimized", Map.of("hugepages-2048kB", 64L)),
			Map.entry("linux-6.12-debian/14-hvo-on-pools-freed", Map.of()),
			Map.entry("linux-6.12-debian/20-hvo-boot-on-64x2M-1x1G",
					Map.of("hugepages-2048kB", 64L, "hugepages-1048576kB", 1L)));

	private static final Pattern DMESG_FREED = Pattern
		.compile("HugeTLB: (\\d+) KiB vmemmap can be freed for a ([0-9.]+) (MiB|GiB) page");

	static List<Capture> captures() {
		return Fixtures.all();
	}

	@Test
	void everyCaptureIsCoveredByTheStoryOfTheFixtures() {
		assertThat(captures()).extracting(Capture::name).containsExactlyInAnyOrderElementsOf(OPTIMIZED.keySet());
	}

	@ParameterizedTest
	@MethodSource("captures")
	void noCaptureHoldsABootTimeSysctlConfigurationSoNothingPersistsTheSwitch(Capture capture) {
		assertThat(CaptureReports.of(capture).hvo().switchPersisted().unknownReason()).hasValue(BootSysctl.NOT_SET);
	}

	@ParameterizedTest
	@MethodSource("captures")
	void memmapCountersAndMemoryBlocksEqualTheTruth(Capture capture) {
		Truth truth = capture.truth();
		HvoReport hvo = CaptureReports.of(capture).hvo();
		assertThat(hvo.memmap().nrMemmapPages().orElseThrow()).isEqualTo(truth.nrMemmapPages());
		assertThat(hvo.memmap().nrMemmapBootPages().orElseThrow()).isEqualTo(truth.nrMemmapBootPages());
		assertThat(hvo.memmap().memmapPages().orElseThrow()).isEqualTo(truth.memmapSum());
		assertThat(hvo.memmap().memoryBlocks().orElseThrow()).isEqualTo(truth.memoryBlocks());
		assertThat(hvo.memmap().memoryBlockSizeBytes().orElseThrow()).isEqualTo(truth.blockSizeBytes());
	}

	@ParameterizedTest
	@MethodSource("captures")
	void poolsEqualTheTruthGloballyAndSummedOverNodes(Capture capture) {
		Truth truth = capture.truth();
		List<HugetlbPool> pools = CaptureReports.of(capture).hvo().pools().orElseThrow();
		assertThat(pools).extracting(HugetlbPool::name).containsExactlyInAnyOrderElementsOf(truth.pools().keySet());
		for (HugetlbPool pool : pools) {
			Truth.Pool expected = truth.pools().get(pool.name());
			assertThat(pool.total().orElseThrow()).as(pool.name()).isEqualTo(expected.nr());
			assertThat(pool.free().orElseThrow()).as(pool.name()).isEqualTo(expected.free());
			assertThat(pool.surplus().orElseThrow()).as(pool.name()).isEqualTo(expected.surplus());
			List<NodePool> nodes = pool.nodes().orElseThrow();
			assertThat(nodes).isNotEmpty();
			assertThat(nodes.stream().mapToLong((n) -> n.total().orElseThrow()).sum()).isEqualTo(expected.nr());
			assertThat(nodes.stream().mapToLong((n) -> n.free().orElseThrow()).sum()).isEqualTo(expected.free());
		}
	}

	@ParameterizedTest
	@MethodSource("captures")
	void releaseAndSwitchEqualTheTruth(Capture capture) {
		HostReport report = CaptureReports.of(capture);
		assertThat(report.kernel().release().orElseThrow()).isEqualTo(capture.truth().kernel());
		assertThat(report.hvo().switchOn().orElseThrow()).isEqualTo(capture.truth().switchValue() == 1);
	}

	@ParameterizedTest
	@MethodSource("captures")
	void reclaimedBytesAreTheBlocksMemmapMinusTheCountersToTheByte(Capture capture) {
		Truth truth = capture.truth();
		long expectedPages = truth.memoryBlocks() * (truth.blockSizeBytes() / PAGE) * 64 / PAGE;
		HvoReport hvo = CaptureReports.of(capture).hvo();
		assertThat(hvo.memmap().expectedMemmapPages().orElseThrow()).isEqualTo(expectedPages);
		assertThat(hvo.savings().method().orElseThrow()).isEqualTo(ReclaimedMethod.MEMMAP_COUNTERS);
		assertThat(hvo.savings().reclaimedBytes().orElseThrow()).isEqualTo((expectedPages - truth.memmapSum()) * PAGE);
	}

	@ParameterizedTest
	@MethodSource("captures")
	void reclaimedBytesMatchThePagesEachCaptureOptimized(Capture capture) {
		Map<String, Long> optimized = OPTIMIZED.get(capture.name());
		long pages = optimized.getOrDefault("hugepages-2048kB", 0L) * 7
				+ optimized.getOrDefault("hugepages-1048576kB", 0L) * 4095;
		assertThat(CaptureReports.of(capture).hvo().savings().reclaimedBytes().orElseThrow()).isEqualTo(pages * PAGE);
	}

	@ParameterizedTest
	@MethodSource("captures")
	void reclaimableBytesCountEveryCurrentHugeTlbPage(Capture capture) {
		Truth truth = capture.truth();
		long pages = truth.pools().get("hugepages-2048kB").nr() * 7
				+ truth.pools().get("hugepages-1048576kB").nr() * 4095;
		HvoReport hvo = CaptureReports.of(capture).hvo();
		assertThat(hvo.savings().reclaimableBytes().orElseThrow()).isEqualTo(pages * PAGE);
		assertThat(hvo.savings().additionalBytes().orElseThrow())
			.isEqualTo(pages * PAGE - hvo.savings().reclaimedBytes().orElseThrow());
	}

	@ParameterizedTest
	@MethodSource("captures")
	void everyCaptureIsConsistentAndExact(Capture capture) {
		HvoReport hvo = CaptureReports.of(capture).hvo();
		assertThat(hvo.savings().consistent()).as(hvo.savings().findings().toString()).isTrue();
		assertThat(hvo.savings().accuracy().orElseThrow()).isEqualTo(Accuracy.EXACT);
		assertThat(hvo.support().supported().orElseThrow()).isTrue();
	}

	static List<Capture> capturesWithCommandOutput() {
		return Fixtures.all().stream().filter(Capture::hasCommands).toList();
	}

	@ParameterizedTest
	@MethodSource("capturesWithCommandOutput")
	void freedBytesPerHugePageEqualWhatTheKernelPrintedAtBoot(Capture capture) {
		List<HugetlbPool> pools = CaptureReports.of(capture).hvo().pools().orElseThrow();
		Matcher matcher = DMESG_FREED.matcher(capture.command("dmesg.txt"));
		int seen = 0;
		while (matcher.find()) {
			long size = (long) (Double.parseDouble(matcher.group(2))
					* (matcher.group(3).equals("GiB") ? 1 << 30 : 1 << 20));
			HugetlbPool pool = pools.stream().filter((p) -> p.pageSizeBytes() == size).findFirst().orElseThrow();
			assertThat(pool.freedBytesPerHugePage().orElseThrow()).isEqualTo(Long.parseLong(matcher.group(1)) * 1024);
			seen++;
		}
		assertThat(seen).isGreaterThanOrEqualTo(2);
	}

}
