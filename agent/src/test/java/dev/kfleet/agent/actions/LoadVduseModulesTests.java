package dev.kfleet.agent.actions;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.report.ModuleState;
import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.ModuleChange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadVduseModulesTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

	private final FakeModules modules = new FakeModules();

	@Test
	void loadsTheModulesNotInTheKernelInOrderAndPersistsThemByDefault() {
		this.modules.with("vdpa", ModuleState.LOADED).with("virtio_vdpa", ModuleState.BUILTIN);
		ActionResult result = apply(Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(this.modules.loads).containsExactly("vduse", "vhost_vdpa");
		assertThat(this.modules.persisted).containsExactly(List.of("vdpa", "vduse", "virtio_vdpa", "vhost_vdpa"));
		assertThat(result.modules()).containsExactly(new ModuleChange("vdpa", true, true),
				new ModuleChange("vduse", false, true), new ModuleChange("virtio_vdpa", true, true),
				new ModuleChange("vhost_vdpa", false, true));
		assertThat(result.detail()).isEqualTo("Loaded vduse, vhost_vdpa with modprobe. Already in the kernel: vdpa,"
				+ " virtio_vdpa. Persisted in /etc/modules-load.d/kfleet-vduse.conf.");
		assertThat(result.pools()).isEmpty();
	}

	@Test
	void withPersistFalseLoadsButWritesNothing() {
		ActionResult result = apply(Map.of("persist", false));
		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(this.modules.loads).containsExactly("vdpa", "vduse", "virtio_vdpa", "vhost_vdpa");
		assertThat(this.modules.persisted).isEmpty();
		assertThat(result.detail()).endsWith("Not persisted: a reboot unloads them.");
	}

	@Test
	void withEveryModuleLoadedRunsNoModprobeAndStillPersists() {
		this.modules.states.replaceAll((name, state) -> dev.kfleet.agent.report.Reading.of(ModuleState.LOADED));
		ActionResult result = apply(Map.of("persist", true));
		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(this.modules.loads).isEmpty();
		assertThat(this.modules.persisted).hasSize(1);
		assertThat(result.detail())
			.startsWith("All four were in the kernel already: vdpa, vduse, virtio_vdpa," + " vhost_vdpa.");
		assertThat(result.modules()).allSatisfy((m) -> assertThat(m.loadedBefore() && m.loadedAfter()).isTrue());
	}

	@Test
	void aKernelWithoutVduseFailsBeforeLoadingAnything() {
		this.modules.with("vduse", ModuleState.NOT_BUILT).with("vhost_vdpa", ModuleState.NOT_BUILT);
		ActionResult result = apply(Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(this.modules.loads).isEmpty();
		assertThat(this.modules.persisted).isEmpty();
		assertThat(result.detail()).isEqualTo("this kernel is built without CONFIG_VDPA_USER (vduse), CONFIG_VHOST_VDPA"
				+ " (vhost_vdpa): VDUSE needs vdpa, vduse, virtio_vdpa and vhost_vdpa. Nothing was loaded.");
		assertThat(result.modules()).extracting(ModuleChange::loadedAfter).containsOnly(false);
	}

	@Test
	void aFailedModprobeFailsWithItsOutputShowsWhatIsLoadedAndPersistsNothing() {
		this.modules.failing = "virtio_vdpa";
		ActionResult result = apply(Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(this.modules.loads).containsExactly("vdpa", "vduse", "virtio_vdpa");
		assertThat(this.modules.persisted).isEmpty();
		assertThat(result.detail()).isEqualTo("Loaded vdpa, vduse with modprobe. Loading virtio_vdpa failed:"
				+ " '/usr/sbin/modprobe virtio_vdpa' exited with status 1: modprobe: ERROR: could not insert"
				+ " 'virtio_vdpa': Operation not permitted");
		assertThat(result.modules()).containsExactly(new ModuleChange("vdpa", false, true),
				new ModuleChange("vduse", false, true), new ModuleChange("virtio_vdpa", false, false),
				new ModuleChange("vhost_vdpa", false, false));
	}

	@Test
	void aModuleTheKernelDoesNotShowAfterModprobeIsAFailure() {
		FakeModules lying = new FakeModules();
		lying.ignored = "vhost_vdpa";
		lying.with("vdpa", ModuleState.LOADED)
			.with("vduse", ModuleState.LOADED)
			.with("virtio_vdpa", ModuleState.LOADED);
		ActionResult result = apply(lying, Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("The kernel does not show as loaded: vhost_vdpa (not-loaded).");
		assertThat(lying.persisted).isEmpty();
	}

	@Test
	void aModulesLoadFileThatCannotBeWrittenIsAFailureThatSaysARebootUnloadsThem() {
		this.modules.refusePersistence = true;
		ActionResult result = apply(Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("But the modules-load.d file could not be written, so a reboot unloads"
				+ " them: AccessDeniedException: /etc/modules-load.d/kfleet-vduse.conf");
		assertThat(result.modules()).extracting(ModuleChange::loadedAfter).containsOnly(true);
	}

	@Test
	void refusesUnknownParametersAndAPersistThatIsNotABoolean() {
		ActionResult unknown = apply(Map.of("persist", true, "modules", List.of("vduse")));
		assertThat(unknown.outcome()).isEqualTo(ActionOutcome.REFUSED);
		assertThat(unknown.detail()).startsWith("bad parameters: unknown parameter \"modules\"");
		ActionResult text = apply(Map.of("persist", "yes"));
		assertThat(text.outcome()).isEqualTo(ActionOutcome.REFUSED);
		assertThat(text.detail()).isEqualTo("bad parameters: \"persist\" must be true or false, not yes");
		assertThat(this.modules.loads).isEmpty();
		assertThat(unknown.modules()).isEmpty();
	}

	private ActionResult apply(Map<String, Object> parameters) {
		return apply(this.modules, parameters);
	}

	private static ActionResult apply(FakeModules modules, Map<String, Object> parameters) {
		try {
			return ActionExecutor.of(new FakeKernel(), (e, o) -> "nowhere", PoolJournal.NONE, (d) -> {
			}, modules, modules, CLOCK)
				.apply(new DesiredState(3, List.of(new Action("1", "vduse.load-modules", parameters))))
				.getFirst();
		}
		catch (InterruptedException ex) {
			throw new AssertionError(ex);
		}
	}

}
