package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The modules-load.d file that loads the VDUSE modules at boot
 * ({@code /etc/modules-load.d/kfleet-vduse.conf} by default), written atomically with
 * mode 0644: {@code systemd-modules-load} reads it early at boot and loads each module
 * named on a line, with what it needs, as {@code modprobe} does.
 */
public final class ModulesLoadFile implements ModulesPersistence {

	/** The default path. */
	public static final Path DEFAULT = Path.of("/etc/modules-load.d/kfleet-vduse.conf");

	private final Path path;

	private final Clock clock;

	public ModulesLoadFile(Path path, Clock clock) {
		this.path = path;
		this.clock = clock;
	}

	@Override
	public String persist(List<String> modules, String origin) throws IOException {
		Files.createDirectories(this.path.toAbsolutePath().getParent());
		AtomicFiles.write(this.path, content(modules, origin), "rw-r--r--");
		return this.path.toString();
	}

	String content(List<String> modules, String origin) {
		return """
				# Written by kfleet-agent (%s, %s). kfleet manages this file: change the host's
				# desired state instead of editing it. systemd-modules-load loads these modules (and what
				# they need) at boot, so that VDUSE devices can be created: vduse.load-modules.
				%s
				""".formatted(origin, this.clock.instant().truncatedTo(ChronoUnit.SECONDS), String.join("\n", modules));
	}

}
