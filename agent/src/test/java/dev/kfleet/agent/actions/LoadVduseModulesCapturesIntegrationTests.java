package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.fixtures.CaptureReports;
import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.report.ModuleState;
import dev.kfleet.agent.report.VduseReport;
import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.ModuleChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vduse.load-modules} against captured kernels, through the real {@link Modprobe}
 * and {@link HostModules}: a copy of Debian's 6.12 right after boot
 * ({@code 00-boot-no-vdpa-modules}) and a stand-in {@code modprobe} that does to the copy
 * what the real one did to the kernel before {@code 01-modules-loaded-no-devices} was
 * captured (each module's {@code /proc/modules} line and {@code /sys/module} folder, and
 * those of the modules it needs, as that capture lists them); and the 6.18 VM, built
 * without vDPA.
 */
class LoadVduseModulesCapturesIntegrationTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

	private static final Fixtures.Capture BOOT = Fixtures.named("linux-6.12-debian/00-boot-no-vdpa-modules");

	private static final Fixtures.Capture LOADED = Fixtures.named("linux-6.12-debian/01-modules-loaded-no-devices");

	@TempDir
	Path temp;

	@Test
	void loadsTheFourModulesIntoTheDebianKernelPersistsThemAndTheNextReportShowsVduseLoaded() throws Exception {
		Path root = copy(BOOT);
		Path bin = standIn("""
				[ "$1" = -d ] && [ "$2" = "%s" ] || { echo "modprobe: unexpected arguments: $*"; exit 64; }
				""".formatted(root));
		Path file = this.temp.resolve("etc/modules-load.d/kfleet-vduse.conf");
		assertThat(new HostCollector(root, CLOCK).collect().vduse().loaded()).isFalse();

		ActionResult result = apply(root, bin, file, Map.of());

		assertThat(result.outcome()).as(result.detail()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(result.modules()).containsExactly(new ModuleChange("vdpa", false, true),
				new ModuleChange("vduse", false, true), new ModuleChange("virtio_vdpa", false, true),
				new ModuleChange("vhost_vdpa", false, true));
		assertThat(result.detail())
			.isEqualTo("Loaded vdpa, vduse, virtio_vdpa, vhost_vdpa with modprobe. Persisted in " + file + ".");
		assertThat(Files.readAllLines(this.temp.resolve("modprobe.log"))).containsExactly("-d " + root + " vdpa",
				"-d " + root + " vduse", "-d " + root + " virtio_vdpa", "-d " + root + " vhost_vdpa");
		assertThat(Files.readString(file))
			.startsWith("# Written by kfleet-agent (desired state 5, action 1," + " 2026-12-07T10:00:00Z).")
			.endsWith("\nvdpa\nvduse\nvirtio_vdpa\nvhost_vdpa\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");

		VduseReport after = new HostCollector(root, CLOCK).collect().vduse();
		VduseReport captured = CaptureReports.of(LOADED).vduse();
		assertThat(after.supported().orElseThrow()).isTrue();
		assertThat(after.loaded()).isTrue();
		assertThat(after.supportReason()).isEqualTo(captured.supportReason());
		assertThat(after.modules()).isEqualTo(captured.modules())
			.allSatisfy((m) -> assertThat(m.state().orElseThrow()).isEqualTo(ModuleState.LOADED));
	}

	@Test
	void aSecondApplicationFindsTheModulesLoadedAndRunsNoModprobe() throws Exception {
		Path root = copy(LOADED);
		Path bin = standIn("");
		ActionResult result = apply(root, bin, this.temp.resolve("m.conf"), Map.of("persist", false));
		assertThat(result.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
		assertThat(result.modules()).allSatisfy((m) -> assertThat(m.loadedBefore() && m.loadedAfter()).isTrue());
		assertThat(this.temp.resolve("modprobe.log")).doesNotExist();
		assertThat(this.temp.resolve("m.conf")).doesNotExist();
	}

	@Test
	void aModprobeThatFailsLeavesAFailedResultWithItsOutputAndNothingPersisted() throws Exception {
		Path root = copy(BOOT);
		Path bin = standIn("""
				if [ "$3" = virtio_vdpa ]; then
				  echo "modprobe: ERROR: could not insert 'virtio_vdpa': Exec format error" >&2; exit 1
				fi
				""");
		Path file = this.temp.resolve("m.conf");
		ActionResult result = apply(root, bin, file, Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail()).isEqualTo("Loaded vdpa, vduse with modprobe. Loading virtio_vdpa failed: '"
				+ bin.resolve("modprobe") + " -d " + root
				+ " virtio_vdpa' exited with status 1: modprobe: ERROR: could not insert 'virtio_vdpa': Exec format"
				+ " error");
		assertThat(result.modules()).containsExactly(new ModuleChange("vdpa", false, true),
				new ModuleChange("vduse", false, true), new ModuleChange("virtio_vdpa", false, false),
				new ModuleChange("vhost_vdpa", false, false));
		assertThat(file).doesNotExist();
	}

	@Test
	void aKernelWithoutVdpaFailsWithTheReasonAndRunsNoModprobe() throws Exception {
		Path root = copy(Fixtures.named("linux-6.18-vm/a-hvo-off-no-pools"));
		Path bin = standIn("");
		ActionResult result = apply(root, bin, this.temp.resolve("m.conf"), Map.of());
		assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
		assertThat(result.detail())
			.isEqualTo("this kernel is built without CONFIG_VDPA (vdpa), CONFIG_VDPA_USER (vduse),"
					+ " CONFIG_VIRTIO_VDPA (virtio_vdpa), CONFIG_VHOST_VDPA (vhost_vdpa): VDUSE needs vdpa, vduse,"
					+ " virtio_vdpa and vhost_vdpa. Nothing was loaded.");
		assertThat(result.modules()).extracting(ModuleChange::loadedBefore, ModuleChange::loadedAfter)
			.containsOnly(org.assertj.core.groups.Tuple.tuple(false, false));
		assertThat(this.temp.resolve("modprobe.log")).doesNotExist();
	}

	private Path copy(Fixtures.Capture capture) throws IOException {
		Path root = this.temp.resolve("host");
		Fixtures.copyTree(capture.root(), root);
		return root;
	}

	/**
	 * A {@code modprobe} that logs its arguments, runs {@code check}, then loads the
	 * module named last, and those it needs, into the copy as the kernel did before the
	 * {@code 01} capture: their lines of its {@code /proc/modules} (a module needed by
	 * {@code m} lists {@code m} among its users) and their {@code /sys/module} folders
	 * where the capture has them; {@code vduse} also makes {@code /sys/class/vduse}.
	 */
	private Path standIn(String check) throws IOException {
		Path bin = Files.createDirectories(this.temp.resolve("bin"));
		Path from = LOADED.root().toAbsolutePath();
		String script = """
				#!/bin/sh
				echo "$*" >> "%s"
				%s
				root=$2; name=$3; from="%s"
				for m in $(awk -v n="$name" '$1 == n || index("," $4, "," n ",") { print $1 }' "$from/proc/modules"); do
				  grep -q "^$m " "$root/proc/modules" || grep "^$m " "$from/proc/modules" >> "$root/proc/modules"
				  if [ -d "$from/sys/module/$m" ] && [ ! -d "$root/sys/module/$m" ]; then
				    cp -R "$from/sys/module/$m" "$root/sys/module/"
				  fi
				done
				if [ "$name" = vduse ]; then mkdir -p "$root/sys/class/vduse"; fi
				""".formatted(this.temp.resolve("modprobe.log"), check, from);
		Path modprobe = Files.writeString(bin.resolve("modprobe"), script);
		Files.setPosixFilePermissions(modprobe, PosixFilePermissions.fromString("rwxr-xr-x"));
		return bin;
	}

	private static ActionResult apply(Path root, Path bin, Path file, Map<String, Object> parameters)
			throws InterruptedException {
		return ActionExecutor.of(new SysfsKernel(root, 4096), (e, o) -> "nowhere", PoolJournal.NONE, (d) -> {
		}, new HostModules(root, new Modprobe(List.of(bin), root, Duration.ofSeconds(30))),
				new ModulesLoadFile(file, CLOCK), CLOCK)
			.apply(new DesiredState(5, List.of(new Action("1", "vduse.load-modules", parameters))))
			.getFirst();
	}

}
