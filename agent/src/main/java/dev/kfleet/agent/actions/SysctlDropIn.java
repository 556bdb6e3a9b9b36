package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The sysctl drop-in that sets {@code vm.hugetlb_optimize_vmemmap} at boot
 * ({@code /etc/sysctl.d/90-kfleet-hvo.conf} by default), written atomically with mode
 * 0644. {@code systemd-sysctl} applies it early at boot, before most HugeTLB pools are
 * allocated, so pages allocated at boot by sysctl and later are optimized.
 */
public final class SysctlDropIn implements SwitchPersistence {

	/** The default path. */
	public static final Path DEFAULT = Path.of("/etc/sysctl.d/90-kfleet-hvo.conf");

	private final Path path;

	private final Clock clock;

	public SysctlDropIn(Path path, Clock clock) {
		this.path = path;
		this.clock = clock;
	}

	@Override
	public String persist(boolean enabled, String origin) throws IOException {
		Files.createDirectories(this.path.toAbsolutePath().getParent());
		AtomicFiles.write(this.path, content(enabled, origin), "rw-r--r--");
		return this.path.toString();
	}

	String content(boolean enabled, String origin) {
		return """
				# Written by kfleet-agent (%s, %s). kfleet manages this file: change the host's
				# desired state instead of editing it. HugeTLB Vmemmap Optimization applies to HugeTLB
				# pages allocated after the switch is set, so set it before pools are allocated.
				vm.hugetlb_optimize_vmemmap = %d
				""".formatted(origin, this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
				enabled ? 1 : 0);
	}

}
