package dev.kfleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

/**
 * Where {@link KillablePostgres} keeps its binaries and data directories:
 * {@code target/killable-postgres/} of the module under test. When the tests run as root
 * PostgreSQL runs as {@code nobody}, which must be able to reach that directory; where a
 * folder above it is closed to other users (a clone under {@code /root}, say), the
 * temporary directory is used instead.
 */
final class KillablePostgresDirectory {

	private KillablePostgresDirectory() {
	}

	static Path parent() {
		Path target = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
		Path parent = target.resolve("killable-postgres");
		if (PostgresProcesses.runningAsRoot() && !reachableByOthers(target)) {
			parent = Path.of(System.getProperty("java.io.tmpdir"), "kfleet-killable-postgres");
		}
		try {
			return Files.createDirectories(parent);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create " + parent, ex);
		}
	}

	private static boolean reachableByOthers(Path directory) {
		for (Path folder = directory; folder != null; folder = folder.getParent()) {
			try {
				if (Files.exists(folder)
						&& !Files.getPosixFilePermissions(folder).contains(PosixFilePermission.OTHERS_EXECUTE)) {
					return false;
				}
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

}
