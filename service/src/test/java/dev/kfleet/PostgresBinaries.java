package dev.kfleet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.file.PathUtils;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL 17 server binaries that zonky ships in a jar (the same ones the embedded
 * test database runs), unpacked once into a directory of their own, readable and
 * executable by every user. Zonky's own unpacking marks them executable for their owner
 * only, so an unprivileged user could not run them when the tests run as root.
 */
final class PostgresBinaries {

	private final Path home;

	private PostgresBinaries(Path home) {
		this.home = home;
	}

	/** The binaries, unpacked under {@code parent} unless they already are. */
	static PostgresBinaries in(Path parent) {
		try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
			byte[] bytes = archive.readAllBytes();
			Path home = parent.resolve("postgres-" + digest(bytes));
			if (!Files.exists(home.resolve(".complete"))) {
				unpackAtomically(bytes, home);
			}
			return new PostgresBinaries(home);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not unpack zonky's PostgreSQL binaries under " + parent, ex);
		}
	}

	/**
	 * The path of one program in {@code bin/}, such as {@code postgres} or
	 * {@code initdb}.
	 */
	String program(String name) {
		return this.home.resolve("bin").resolve(name).toString();
	}

	private static void unpackAtomically(byte[] archive, Path home) throws IOException {
		Files.createDirectories(home.getParent());
		Path staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".unpacking-");
		unpack(archive, staging);
		try (Stream<Path> paths = Files.walk(staging)) {
			for (Path directory : paths.filter(Files::isDirectory).toList()) {
				Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
		}
		Files.createFile(staging.resolve(".complete"));
		try {
			Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
			// Another JVM unpacked the same binaries first.
			PathUtils.deleteDirectory(staging);
		}
	}

	private static void unpack(byte[] archive, Path target) throws IOException {
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new XZInputStream(new ByteArrayInputStream(archive)))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				Path path = target.resolve(entry.getName()).normalize();
				if (!path.startsWith(target)) {
					throw new IOException("Archive entry outside its target: " + entry.getName());
				}
				Files.createDirectories(entry.isDirectory() ? path : path.getParent());
				if (entry.isSymbolicLink()) {
					Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
				}
				else if (entry.isFile()) {
					Files.copy(tar, path);
					boolean executable = (entry.getMode() & 0100) != 0;
					Files.setPosixFilePermissions(path,
							PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
				}
			}
		}
	}

	private static String digest(byte[] bytes) {
		try {
			byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
			return HexFormat.of().formatHex(sha, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
