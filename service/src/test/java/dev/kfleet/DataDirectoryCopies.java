package dev.kfleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.apache.commons.io.file.PathUtils;

/**
 * Copies of a {@link KillablePostgres} data directory, taken while the server is frozen:
 * everything its processes wrote is in the copy and nothing is half-written by them, so
 * the copy is crash-consistent, like a storage snapshot or a replica that stopped there.
 * Permissions and owner are kept (PostgreSQL refuses a data directory that is not its
 * user's with mode 0700 or 0750).
 */
final class DataDirectoryCopies {

	private DataDirectoryCopies() {
	}

	static void copy(Path from, Path to) {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : paths.toList()) {
				Path target = to.resolve(from.relativize(path).toString());
				Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
				PostgresProcesses.ownToServer(target);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not copy " + from + " to " + to, ex);
		}
	}

	/** Puts {@code copy} in the place of {@code directory}, which is deleted. */
	static void replace(Path directory, Path copy) {
		try {
			PathUtils.deleteDirectory(directory);
			Files.move(copy, directory, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not put " + copy + " in the place of " + directory, ex);
		}
	}

}
