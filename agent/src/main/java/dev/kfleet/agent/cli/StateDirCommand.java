package dev.kfleet.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code state-dir --state-dir DIR --owner UID:GID}: gives the state directory and what
 * it holds to the agent's user. The chart's init container runs it as root before a
 * non-root agent starts: the kubelet creates the host path owned by root, and the agent's
 * image has no shell or {@code chown} to do it with (docs/adr/0046).
 */
final class StateDirCommand implements Command {

	private final PrintStream err;

	StateDirCommand(PrintStream err) {
		this.err = err;
	}

	static final String USAGE = """
			Usage: kfleet-agent state-dir --state-dir DIR --owner UID:GID

			Makes DIR (created if missing) and everything in it owned by UID:GID, and DIR
			mode 0700: what a non-root 'run' needs of a state directory that root created,
			such as a Kubernetes host path. Symbolic links are changed, never followed.
			Runs as root (or with CAP_CHOWN and CAP_FOWNER).

			Options:
			  --state-dir DIR     the agent's state directory
			  --owner UID:GID     numeric user and group, e.g. 65532:65532
			""";

	@Override
	public ExitCode run(List<String> args, Map<String, String> environment, PrintStream out) throws UsageException {
		Options options = Options.parse(args, Set.of(), Set.of("state-dir", "owner"));
		Path dir = Path.of(System.getProperty("kfleet.agent.cwd", ""))
			.resolve(options.value("state-dir").orElseThrow(() -> new UsageException("--state-dir is required")));
		String owner = options.value("owner").orElseThrow(() -> new UsageException("--owner is required"));
		if (!owner.matches("\\d{1,9}:\\d{1,9}")) {
			throw new UsageException("--owner needs numeric UID:GID, not '" + owner + "'");
		}
		int uid = Integer.parseInt(owner.substring(0, owner.indexOf(':')));
		int gid = Integer.parseInt(owner.substring(owner.indexOf(':') + 1));
		try {
			Files.createDirectories(dir);
			try (Stream<Path> paths = Files.walk(dir)) {
				paths.forEach((path) -> own(path, uid, gid));
			}
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		}
		catch (IOException | UncheckedIOException ex) {
			this.err.println("kfleet-agent: state-dir: " + dir + ": " + ex.getMessage());
			return ExitCode.STATE;
		}
		out.println(dir + " is " + owner + ", mode 0700");
		return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
	}

	private static void own(Path path, int uid, int gid) {
		try {
			Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
			Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String usage() {
		return USAGE;
	}

}
