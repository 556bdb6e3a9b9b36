package dev.kfleet.agent.hvo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.actions.ActionExecutor;
import dev.kfleet.agent.actions.HostModules;
import dev.kfleet.agent.actions.Modprobe;
import dev.kfleet.agent.actions.ModulesLoadFile;
import dev.kfleet.agent.actions.PoolJournal;
import dev.kfleet.agent.actions.SysctlDropIn;
import dev.kfleet.agent.actions.SysfsKernel;
import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.HostReportSchema;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.DesiredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hvo.set-switch} on a copy of Debian's 6.12 with HVO off, its drop-in written
 * where the copy's {@code /etc/sysctl.d} is: the next report says the switch is on and
 * persisted; switching it off without {@code persist} leaves the boot configuration on,
 * and the report says so.
 */
class SwitchPersistedCapturesIntegrationTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

	@TempDir
	Path temp;

	@Test
	void theReportShowsWhatTheDropInPersistsApartFromTheRuntimeSwitch() throws Exception {
		Path root = this.temp.resolve("host");
		Fixtures.copyTree(Fixtures.named("linux-6.12-debian/10-hvo-off-no-pages").root(), root);
		HostReport before = new HostCollector(root, CLOCK).collect();
		assertThat(before.hvo().switchOn().orElseThrow()).isFalse();
		assertThat(before.hvo().switchPersisted().unknownReason()).hasValue(BootSysctl.NOT_SET);

		assertThat(apply(root, Map.of("enabled", true, "persist", true))).isEqualTo(ActionOutcome.SUCCEEDED);
		HostReport on = new HostCollector(root, CLOCK).collect();
		assertThat(on.hvo().switchOn().orElseThrow()).isTrue();
		assertThat(on.hvo().switchPersisted().orElseThrow()).isTrue();
		String json = ReportJson.toJson(on, false);
		assertThat(json).contains("\"switchOn\":true,\"switchPersisted\":true,");
		assertThat(HostReportSchema.load("HostReport").validate(json)).isEmpty();

		assertThat(apply(root, Map.of("enabled", false))).isEqualTo(ActionOutcome.SUCCEEDED);
		HostReport off = new HostCollector(root, CLOCK).collect();
		assertThat(off.hvo().switchOn().orElseThrow()).isFalse();
		assertThat(off.hvo().switchPersisted().orElseThrow()).as("a reboot turns it on again").isTrue();
	}

	private static ActionOutcome apply(Path root, Map<String, Object> parameters) throws InterruptedException {
		return ActionExecutor.of(new SysfsKernel(root, 4096),
				new SysctlDropIn(root.resolve("etc/sysctl.d/90-kfleet-hvo.conf"), CLOCK), PoolJournal.NONE, (d) -> {
				}, new HostModules(root, new Modprobe(List.of(), root, Modprobe.TIMEOUT)),
				new ModulesLoadFile(root.resolve("etc/modules-load.d/kfleet-vduse.conf"), CLOCK), CLOCK)
			.apply(new DesiredState(1, List.of(new Action("1", "hvo.set-switch", parameters))))
			.getFirst()
			.outcome();
	}

}
