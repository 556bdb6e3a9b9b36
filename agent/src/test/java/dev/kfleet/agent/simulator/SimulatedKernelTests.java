package dev.kfleet.agent.simulator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kfleet.agent.actions.ActionExecutor;
import dev.kfleet.agent.actions.PoolJournal;
import dev.kfleet.agent.hvo.BootSysctl;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.ModuleState;
import dev.kfleet.agent.report.VduseReport;
import dev.kfleet.agent.report.HvoSavings;
import dev.kfleet.agent.report.ReclaimedMethod;
import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.ModuleChange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedKernelTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

	private static final long P = 4096;

	private final KernelProfile profile = new KernelProfile("6.18.2-kfleet", 6018,
			Map.of("CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP", "y", "CONFIG_SPARSEMEM_VMEMMAP", "y"), "ro", "b0a7-boot",
			192, true, true, false, Map.of());

	private final ModeledPool small = new ModeledPool(2L << 20, 7, 10_000);

	private final ModeledPool giant = new ModeledPool(1L << 30, 4095, 2);

	private final SimulatedKernel kernel = new SimulatedKernel(this.profile, List.of(this.small, this.giant), false);

	@Test
	void theSwitchAffectsOnlyPagesAllocatedAfterIt() throws Exception {
		this.kernel.allocate(this.small, 100);
		assertThat(savings().reclaimedBytes().orElseThrow()).isZero();
		this.kernel.setHvoSwitch(true);
		assertThat(savings().reclaimedBytes().orElseThrow()).as("E7b: switching on optimizes nothing").isZero();
		this.kernel.allocate(this.small, 50);
		HvoSavings savings = savings();
		assertThat(savings.reclaimedBytes().orElseThrow()).isEqualTo(50 * 7 * P);
		assertThat(savings.reclaimableBytes().orElseThrow()).isEqualTo(150 * 7 * P);
		assertThat(savings.method().orElseThrow()).isEqualTo(ReclaimedMethod.MEMMAP_COUNTERS);
		assertThat(savings.consistent()).isTrue();
	}

	@Test
	void theCountersMoveAsTheKernelsDo() throws Exception {
		long expected = this.profile.expectedMemmapPages();
		assertThat(expected).isEqualTo(98304);
		this.kernel.setHvoSwitch(true);
		this.kernel.allocate(this.small, 100);
		assertThat(this.kernel.nrMemmapPages()).as("E3: +1 head per page").isEqualTo(512 + 100);
		assertThat(this.kernel.nrMemmapBootPages()).as("E3: -8 old pages per page").isEqualTo(97792 - 800);
		this.kernel.setPoolTotal(2L << 20, java.util.OptionalInt.empty(), 50);
		assertThat(this.kernel.memmapPages()).as("E4a: freeing optimized pages restores their vmemmap")
			.hasValue(expected - 50 * 7);
	}

	@Test
	void rebuildingFreePagesWithTheAgentsActionOptimizesThem() throws Exception {
		this.kernel.allocate(this.small, 100);
		this.kernel.use(this.small, 30);
		this.small.reserve(10);
		ActionResult result = apply(new Action("1", "hvo.set-switch", Map.of("enabled", true)),
				new Action("2", "hvo.rebuild-free-pages", Map.of()))
			.get(1);
		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(this.small.total()).isEqualTo(100);
		assertThat(this.small.optimized()).as("60 free unreserved pages rebuilt; 30 in use and 10 reserved kept")
			.isEqualTo(60);
		assertThat(savings().reclaimedBytes().orElseThrow()).isEqualTo(60 * 7 * P);
	}

	@Test
	void aGiganticPoolThatCannotBeRegrownFailsWithItsShortfall() throws Exception {
		this.kernel.allocate(this.giant, 2);
		this.giant.capacity(1);
		ActionResult result = apply(new Action("1", "hvo.set-switch", Map.of("enabled", true)),
				new Action("2", "hvo.rebuild-free-pages", Map.of("pageSizeBytes", List.of(1L << 30))))
			.get(1);
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.pools().getFirst().totalAfter()).isEqualTo(1);
		assertThat(result.detail()).contains("1 pages short");
	}

	@Test
	void aKernelThatRefusesWritesFailsTheSwitch() throws Exception {
		this.kernel.refuseWrites();
		ActionResult result = apply(new Action("1", "hvo.set-switch", Map.of("enabled", true))).getFirst();
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("Operation not permitted");
		assertThat(this.kernel.switchOn()).isFalse();
	}

	@Test
	void theFreeListIsLifoSoAShrinkRightAfterARegrowFreesTheNewPages() throws Exception {
		this.kernel.allocate(this.small, 100);
		this.kernel.setHvoSwitch(true);
		this.kernel.setPoolTotal(2L << 20, java.util.OptionalInt.empty(), 90);
		this.kernel.setPoolTotal(2L << 20, java.util.OptionalInt.empty(), 100);
		long afterRegrow = this.kernel.memmapPages().orElseThrow();
		this.kernel.setPoolTotal(2L << 20, java.util.OptionalInt.empty(), 90);
		assertThat(this.kernel.memmapPages()).as("measured on 6.18: +70").hasValue(afterRegrow + 70);
	}

	@Test
	void aVduseKernelStartsWithoutTheModulesAndTheActionLoadsThemForTheNextReport() throws Exception {
		SimulatedKernel vduse = new SimulatedKernel(vduseProfile("6.12.9-kfleet", 6012, "m", Map.of()),
				List.of(this.small), false);
		VduseReport before = SimulatedReports.report(vduse, CLOCK.instant()).vduse();
		assertThat(before.supported().orElseThrow()).isTrue();
		assertThat(before.loaded()).isFalse();
		assertThat(before.supportReason()).isEqualTo("CONFIG_VDPA_USER=m, but the vduse module is not loaded");
		assertThat(before.modules()).extracting((m) -> m.state().orElseThrow()).containsOnly(ModuleState.NOT_LOADED);
		long changes = vduse.changes();

		ActionResult result = ActionExecutor.of(vduse, (enabled, origin) -> "model", PoolJournal.NONE, (d) -> {
		}, vduse, (modules, origin) -> {
			vduse.persistModules();
			return "the model's modules-load.d";
		}, CLOCK).apply(new DesiredState(1, List.of(new Action("1", "vduse.load-modules", Map.of())))).getFirst();

		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(result.modules()).extracting(ModuleChange::loadedBefore).containsOnly(false);
		assertThat(result.modules()).extracting(ModuleChange::loadedAfter).containsOnly(true);
		assertThat(vduse.changes()).as("the next report differs").isGreaterThan(changes);
		assertThat(vduse.modulesPersisted()).isTrue();
		VduseReport after = SimulatedReports.report(vduse, CLOCK.instant()).vduse();
		assertThat(after.supported().orElseThrow()).isTrue();
		assertThat(after.loaded()).isTrue();
		assertThat(after.modules()).extracting((m) -> m.state().orElseThrow()).containsOnly(ModuleState.LOADED);
		assertThat(after.devices().orElseThrow()).isEmpty();
	}

	@Test
	void aKernelWithoutVdpaFailsToLoadTheModulesAndAHostThatRefusesWritesFailsWithModprobesWords() throws Exception {
		SimulatedKernel old = new SimulatedKernel(vduseProfile("5.10.200-kfleet", 5010, "n", Map.of()),
				List.of(this.small), false);
		ActionResult none = loadModules(old);
		assertThat(none.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(none.detail()).startsWith("this kernel is built without CONFIG_VDPA (vdpa), CONFIG_VDPA_USER");
		SimulatedKernel refusing = new SimulatedKernel(vduseProfile("6.12.9-kfleet", 6012, "m", Map.of()),
				List.of(this.small), false);
		refusing.refuseWrites();
		ActionResult refused = loadModules(refusing);
		assertThat(refused.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(refused.detail()).isEqualTo("Loading vdpa failed: '/usr/sbin/modprobe vdpa' exited with status 1:"
				+ " modprobe: ERROR: could not insert 'vdpa': Operation not permitted");
		assertThat(refusing.vduseModulesLoaded()).isFalse();
	}

	@Test
	void aHostWithVduseDevicesHasTheModulesLoaded() {
		SimulatedKernel withDevices = new SimulatedKernel(
				vduseProfile("6.12.9-kfleet", 6012, "m", Map.of("vduse0", "block/virtio_vdpa")), List.of(this.small),
				false);
		assertThat(withDevices.vduseModulesLoaded()).isTrue();
		VduseReport report = SimulatedReports.report(withDevices, CLOCK.instant()).vduse();
		assertThat(report.loaded()).isTrue();
		assertThat(report.devices().orElseThrow()).hasSize(1);
	}

	@Test
	void theSwitchPersistedShowsInTheReportAsTheBootConfigurationSetsIt() throws Exception {
		HostReport before = SimulatedReports.report(this.kernel, CLOCK.instant());
		assertThat(before.hvo().switchPersisted().unknownReason()).hasValue(BootSysctl.NOT_SET);
		long changes = this.kernel.changes();
		ActionResult result = ActionExecutor.of(this.kernel, (enabled, origin) -> {
			this.kernel.persistSwitch(enabled);
			return "the model's sysctl.d";
		}, PoolJournal.NONE, (d) -> {
		}, this.kernel, (modules, origin) -> "model", CLOCK)
			.apply(new DesiredState(1,
					List.of(new Action("1", "hvo.set-switch", Map.of("enabled", true, "persist", true)))))
			.getFirst();
		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(this.kernel.changes()).isGreaterThan(changes);
		assertThat(SimulatedReports.report(this.kernel, CLOCK.instant()).hvo().switchPersisted().orElseThrow())
			.isTrue();
	}

	private static ActionResult loadModules(SimulatedKernel kernel) throws InterruptedException {
		return ActionExecutor.of(kernel, (enabled, origin) -> "model", PoolJournal.NONE, (d) -> {
		}, kernel, (modules, origin) -> "model", CLOCK)
			.apply(new DesiredState(1, List.of(new Action("1", "vduse.load-modules", Map.of()))))
			.getFirst();
	}

	private static KernelProfile vduseProfile(String release, int minor, String vdpa, Map<String, String> devices) {
		Map<String, String> config = new java.util.TreeMap<>(
				Map.of("CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP", "y", "CONFIG_SPARSEMEM_VMEMMAP", "y"));
		for (String option : List.of("CONFIG_VDPA", "CONFIG_VDPA_USER", "CONFIG_VIRTIO_VDPA", "CONFIG_VHOST_VDPA")) {
			config.put(option, vdpa);
		}
		return new KernelProfile(release, minor, config, "ro", "b0a7-boot", 192, minor >= 5019, minor >= 6011, false,
				devices);
	}

	private HvoSavings savings() {
		HostReport report = SimulatedReports.report(this.kernel, CLOCK.instant());
		return report.hvo().savings();
	}

	private List<ActionResult> apply(Action... actions) throws InterruptedException {
		return ActionExecutor.of(this.kernel, (enabled, origin) -> "model", PoolJournal.NONE, (d) -> {
		}, this.kernel, (modules, origin) -> "model", CLOCK).apply(new DesiredState(1, List.of(actions)));
	}

}
