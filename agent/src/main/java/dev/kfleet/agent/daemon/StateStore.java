package dev.kfleet.agent.daemon;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import dev.kfleet.agent.actions.AtomicFiles;

/**
 * Loads and saves {@code state.json} (mode 0600, in a directory of mode 0700 when the
 * agent creates it), atomically. {@link #open} checks, before the daemon talks to anyone,
 * that the directory exists or can be created, that a file can be created and renamed in
 * it, and that an existing state file can be read and parsed.
 */
final class StateStore {

	private final Path file;

	private StateStore(Path file) {
		this.file = file;
	}

	static StateStore open(Path dir) throws StateStoreException {
		try {
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			Path probe = dir.resolve(".write-probe");
			AtomicFiles.write(probe, "probe\n", "rw-------");
			Files.delete(probe);
		}
		catch (IOException ex) {
			throw new StateStoreException("the state directory " + dir + " is not usable (" + cause(ex)
					+ "): create it writable for the agent's user (the systemd unit's StateDirectory= does) or pass"
					+ " --state-dir / KFLEET_AGENT_STATE_DIR", ex);
		}
		return new StateStore(dir.resolve("state.json"));
	}

	Path file() {
		return this.file;
	}

	Optional<AgentState> load() throws StateStoreException {
		String text;
		try {
			text = Files.readString(this.file);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new StateStoreException("the state file " + this.file + " cannot be read (" + cause(ex)
					+ "): make it readable by the agent's user", ex);
		}
		try {
			return Optional.of(StateJson.read(text));
		}
		catch (RuntimeException ex) {
			throw new StateStoreException("the state file " + this.file + " is garbled (" + ex.getMessage()
					+ "): move it aside and start again; the agent then enrolls anew and keeps its host", ex);
		}
	}

	void save(AgentState state) throws IOException {
		AtomicFiles.write(this.file, StateJson.write(state), "rw-------");
	}

	static String cause(IOException ex) {
		String reason = switch (ex) {
			case AccessDeniedException denied -> "permission denied";
			case NoSuchFileException missing -> "no such file or directory";
			case FileSystemException fs when fs.getReason() != null ->
				fs.getReason().toLowerCase(java.util.Locale.ROOT);
			default -> (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		};
		String where = (ex instanceof FileSystemException fs && fs.getFile() != null) ? ": " + fs.getFile() : "";
		return reason + where;
	}

}
