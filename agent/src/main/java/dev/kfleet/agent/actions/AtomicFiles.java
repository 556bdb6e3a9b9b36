package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file atomically: the content goes to a temporary file in the same directory,
 * which is flushed to disk, given its mode and renamed over the target; then the
 * directory is flushed, so that after a crash the file holds either the old or the new
 * content.
 */
public final class AtomicFiles {

	private AtomicFiles() {
	}

	/**
	 * Writes a file atomically.
	 * @param target the file
	 * @param content the new content
	 * @param mode the permissions, such as {@code rw-------}
	 * @throws IOException if any step failed; the target is then unchanged
	 */
	public static void write(Path target, String content, String mode) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(mode);
		Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
				+ Thread.currentThread().threadId());
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE)) {
				Files.setPosixFilePermissions(temp, permissions);
				ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			move(temp, target);
		}
		finally {
			Files.deleteIfExists(temp);
		}
		syncDirectory(dir);
	}

	private static void move(Path temp, Path target) throws IOException {
		try {
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IOException("cannot rename atomically into " + target.getParent(), ex);
		}
	}

	private static void syncDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some file systems cannot fsync a directory; the rename is still atomic.
		}
	}

}
