package dev.kfleet.agent.daemon;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import dev.kfleet.agent.actions.AtomicFiles;

/**
 * Loads and saves {@code state.json} (mode 0600, in a directory of mode 0700 when the
 * agent creates it), atomically. {@link #open} checks, before the daemon talks to anyone,
 * that the directory exists or can be created and that a file can be created and renamed
 * in it. A state file that cannot be read or parsed is set aside
 * ({@code state.json.unreadable-<UTC time>}), never a reason not to start: the agent then
 * starts afresh and enrolls again.
 */
final class StateStore {

	/** The largest state file read; a larger one is unreadable. */
	static final long MAX_STATE_BYTES = 4 * 1024 * 1024;

	private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

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
					+ " --state-dir / KFLEET_AGENT_STATE_DIR", ex, !configuration(ex));
		}
		return new StateStore(dir.resolve("state.json"));
	}

	Path file() {
		return this.file;
	}

	/**
	 * Reads the state file.
	 * @param clock the clock that names a file set aside
	 * @return the state, or nothing (no file), or the file set aside and why
	 * @throws StateStoreException if an unreadable file cannot be moved aside either
	 */
	Loaded load(Clock clock) throws StateStoreException {
		String text;
		try {
			if (Files.size(this.file) > MAX_STATE_BYTES) {
				return setAside("it is larger than " + MAX_STATE_BYTES + " bytes", Optional.empty(), clock);
			}
			text = Files.readString(this.file);
		}
		catch (NoSuchFileException ex) {
			return new Loaded(Optional.empty(), Optional.empty());
		}
		catch (IOException ex) {
			return setAside("it cannot be read: " + cause(ex), Optional.empty(), clock);
		}
		try {
			return new Loaded(Optional.of(StateJson.read(text)), Optional.empty());
		}
		catch (RuntimeException ex) {
			return setAside("it is garbled: " + ex.getMessage(), StateJson.salvage(text), clock);
		}
	}

	private Loaded setAside(String reason, Optional<StateJson.Salvaged> salvaged, Clock clock)
			throws StateStoreException {
		Path aside = this.file.resolveSibling(this.file.getFileName() + ".unreadable-" + ASIDE.format(clock.instant()));
		try {
			Files.move(this.file, aside, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new StateStoreException("the state file " + this.file + " is unusable (" + reason
					+ ") and cannot be moved aside (" + cause(ex) + "): move it away; the agent then enrolls again", ex,
					!configuration(ex));
		}
		return new Loaded(Optional.empty(), Optional.of(new SetAside(aside, reason, salvaged)));
	}

	void save(AgentState state) throws IOException {
		AtomicFiles.write(this.file, StateJson.write(state), "rw-------");
	}

	static String cause(IOException ex) {
		String reason = switch (ex) {
			case AccessDeniedException denied -> "permission denied";
			case NoSuchFileException missing -> "no such file or directory";
			case FileSystemException fs when fs.getReason() != null -> fs.getReason().toLowerCase(Locale.ROOT);
			default -> (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		};
		String where = (ex instanceof FileSystemException fs && fs.getFile() != null) ? ": " + fs.getFile() : "";
		return reason + where;
	}

	/**
	 * Tells whether a failure needs the configuration fixed (permissions, a path that is
	 * not a directory, a read-only file system), as opposed to one that may pass (a full
	 * disk, an I/O error), after which a restart is worth it.
	 */
	static boolean configuration(IOException ex) {
		String reason = (ex instanceof FileSystemException fs && fs.getReason() != null)
				? fs.getReason().toLowerCase(Locale.ROOT) : "";
		return ex instanceof AccessDeniedException || ex instanceof NotDirectoryException
				|| ex instanceof NoSuchFileException || reason.contains("read-only file system")
				|| reason.contains("not a directory");
	}

	/**
	 * What the state file held.
	 *
	 * @param state the state read, if any
	 * @param setAside the file set aside because it could not be read, if so
	 */
	record Loaded(Optional<AgentState> state, Optional<SetAside> setAside) {
	}

	/**
	 * A state file moved aside.
	 *
	 * @param movedTo where it is now
	 * @param reason why it could not be used
	 * @param salvaged what it still told of the enrollment
	 */
	record SetAside(Path movedTo, String reason, Optional<StateJson.Salvaged> salvaged) {
	}

}
