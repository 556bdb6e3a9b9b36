package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.DesiredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SetHvoSwitchTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

	@TempDir
	Path root;

	@Test
	void writesTheSwitchAndWithPersistTheDropIn() throws IOException {
		Path sw = switchFile("0");
		Path dropIn = this.root.resolve("etc/sysctl.d/90-kfleet-hvo.conf");
		ActionResult result = apply(Map.of("enabled", true, "persist", true), dropIn);
		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(Files.readString(sw)).isEqualTo("1");
		assertThat(Files.readString(dropIn)).endsWith("\nvm.hugetlb_optimize_vmemmap = 1\n")
			.startsWith("# Written by kfleet-agent (desired state 4, action a, 2026-11-27T10:00:00Z).");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dropIn))).isEqualTo("rw-r--r--");
		assertThat(result.detail()).contains("the switch was 0 and is 1")
			.contains("pages allocated before stay as they are")
			.contains("Persisted in " + dropIn);
	}

	@Test
	void withoutPersistLeavesTheDropInAloneAndSaysARebootUndoesIt() throws IOException {
		switchFile("1");
		Path dropIn = this.root.resolve("90-kfleet-hvo.conf");
		ActionResult result = apply(Map.of("enabled", false), dropIn);
		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(result.detail()).contains("optimized pages stay optimized until freed").contains("Not persisted");
		assertThat(dropIn).doesNotExist();
	}

	@Test
	void failsOnAKernelWithoutTheRuntimeSwitch() {
		ActionResult result = apply(Map.of("enabled", true), this.root.resolve("x.conf"));
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("no runtime HVO switch");
	}

	@Test
	void failsWhenTheKernelReadsBackSomethingElse() {
		FakeKernel kernel = new FakeKernel();
		kernel.ignoreSwitchWrites = true;
		kernel.hvoSwitch = java.util.Optional.of(false);
		ActionResult result = run(kernel, Map.of("enabled", true), (e, o) -> "x");
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("wrote 1").contains("but it reads 0");
	}

	@Test
	void aDropInThatCannotBeWrittenFailsTheActionAndSaysTheSwitchIsSetButNotPersisted() throws IOException {
		switchFile("0");
		Path blocker = Files.writeString(this.root.resolve("not-a-dir"), "x");
		ActionResult result = apply(Map.of("enabled", true, "persist", true), blocker.resolve("90.conf"));
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).contains("the switch was 0 and is 1").contains("a reboot undoes it");
	}

	@Test
	void refusesMissingOrMistypedParameters() throws IOException {
		switchFile("0");
		assertThat(apply(Map.of(), this.root.resolve("x")).detail())
			.contains("\"enabled\" (true or false) is required");
		assertThat(apply(Map.of("enabled", "yes"), this.root.resolve("x")).outcome()).isEqualTo(ActionOutcome.REFUSED);
		assertThat(apply(Map.of("enabled", true, "reboot", true), this.root.resolve("x")).detail())
			.contains("unknown parameter \"reboot\"");
	}

	@Test
	void refusesAnUnknownActionTypeAndStillAppliesTheOthers() throws Exception {
		switchFile("0");
		FakeModules modules = new FakeModules();
		ActionExecutor executor = ActionExecutor.of(new SysfsKernel(this.root, 4096),
				new SysctlDropIn(this.root.resolve("d.conf"), CLOCK), PoolJournal.NONE, (d) -> {
				}, modules, modules, CLOCK);
		List<ActionResult> results = executor.apply(new DesiredState(9, List.of(new Action("x", "vduse.load", Map.of()),
				new Action("y", "hvo.set-switch", Map.of("enabled", true)))));
		assertThat(results).extracting(ActionResult::outcome)
			.containsExactly(ActionOutcome.REFUSED, ActionOutcome.SUCCEEDED);
		assertThat(results.getFirst().detail())
			.isEqualTo("unknown action type \"vduse.load\"; this agent knows [hvo.rebuild-free-pages, hvo.set-switch,"
					+ " vduse.load-modules]");
		assertThat(results).extracting(ActionResult::desiredVersion).containsOnly(9L);
	}

	private Path switchFile(String value) throws IOException {
		Path file = this.root.resolve("proc/sys/vm/hugetlb_optimize_vmemmap");
		Files.createDirectories(file.getParent());
		return Files.writeString(file, value);
	}

	private ActionResult apply(Map<String, Object> parameters, Path dropIn) {
		return run(new SysfsKernel(this.root, 4096), parameters, new SysctlDropIn(dropIn, CLOCK));
	}

	private static ActionResult run(HostKernel kernel, Map<String, Object> parameters, SwitchPersistence persistence) {
		try {
			FakeModules modules = new FakeModules();
			return ActionExecutor.of(kernel, persistence, PoolJournal.NONE, (d) -> {
			}, modules, modules, CLOCK)
				.apply(new DesiredState(4, List.of(new Action("a", "hvo.set-switch", parameters))))
				.getFirst();
		}
		catch (InterruptedException ex) {
			throw new AssertionError(ex);
		}
	}

}
