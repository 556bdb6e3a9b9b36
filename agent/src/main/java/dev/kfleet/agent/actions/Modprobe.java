package dev.kfleet.agent.actions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Loads a kernel module with its dependencies by running {@code modprobe} (ADR 0034): the
 * one program the agent runs. The command is fixed — the absolute path of the first
 * {@code modprobe} found in {@code /usr/sbin}, {@code /sbin}, {@code /usr/bin},
 * {@code /bin}, then {@code -d <root>} when the agent's root is not {@code /} (so that
 * the host's {@code /lib/modules} is used), then the module's name — and no shell is
 * involved. It runs with an empty environment but {@code PATH} and {@code LC_ALL=C}, no
 * input, a time limit, and its output (stdout and stderr together) read to its end but
 * kept only up to {@value #MAX_OUTPUT_BYTES} bytes.
 */
public final class Modprobe {

	/** Where {@code modprobe} is looked for, in order. */
	public static final List<Path> SEARCH_PATH = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"),
			Path.of("/bin"));

	/** How long one {@code modprobe} may run before it is killed. */
	public static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** How much of its output is kept. */
	static final int MAX_OUTPUT_BYTES = 1000;

	private static final Pattern MODULE_NAME = Pattern.compile("[a-z0-9_]{1,56}");

	private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
			PosixFilePermission.OTHERS_WRITE);

	private final List<Path> searchPath;

	private final Path root;

	private final Duration timeout;

	/**
	 * Creates the loader.
	 * @param searchPath the directories to look for {@code modprobe} in, in order
	 * ({@link #SEARCH_PATH})
	 * @param root the agent's root: {@code /}, or where the host's {@code /} is mounted
	 * @param timeout how long one run may take ({@link #TIMEOUT})
	 */
	public Modprobe(List<Path> searchPath, Path root, Duration timeout) {
		this.searchPath = List.copyOf(searchPath);
		this.root = root.toAbsolutePath().normalize();
		this.timeout = timeout;
	}

	/**
	 * Finds {@code modprobe}: the first executable regular file of that name in the
	 * search path that only its owner can write.
	 * @return its absolute path, or empty
	 * @throws IOException if the one found is writable by its group or others
	 */
	Optional<Path> find() throws IOException {
		for (Path dir : this.searchPath) {
			Path candidate = dir.toAbsolutePath().resolve("modprobe");
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(candidate);
				if (permissions.stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
					throw new IOException(candidate + " is writable by its group or others; the agent does not run it");
				}
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Returns the command that loads a module.
	 * @param binary the {@code modprobe} found
	 * @param module the module
	 * @return the arguments, the program first
	 */
	List<String> command(Path binary, String module) {
		if (!MODULE_NAME.matcher(module).matches()) {
			throw new IllegalArgumentException("Not a module name: " + module);
		}
		List<String> command = new ArrayList<>(List.of(binary.toString()));
		if (this.root.getParent() != null) {
			command.addAll(List.of("-d", this.root.toString()));
		}
		command.add(module);
		return List.copyOf(command);
	}

	/**
	 * Runs {@code modprobe} for a module. If the thread is interrupted meanwhile, the run
	 * still ends (by itself or at the time limit) and the interrupt is kept for the
	 * caller.
	 * @param module the module, such as {@code vduse}
	 * @return what it printed, on one line (empty when nothing)
	 * @throws IOException if no {@code modprobe} was found, it could not be started, it
	 * exited with a status other than 0, or it ran past the time limit (it is then
	 * killed); the message holds the command, the status and its output
	 */
	public String load(String module) throws IOException {
		Path binary = find().orElseThrow(() -> new IOException(
				"no modprobe in " + this.searchPath.stream().map(Path::toString).toList() + " (it comes with kmod)"));
		List<String> command = command(binary, module);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("/").toFile());
		builder.environment().clear();
		builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
		builder.environment().put("LC_ALL", "C");
		Process process = builder.start();
		process.getOutputStream().close();
		Output output = new Output(process.getInputStream());
		Thread reader = Thread.ofVirtual().name("modprobe-output").start(output);
		boolean finished = waitFor(process);
		String said = output.await(reader);
		String quoted = "'" + String.join(" ", command) + "'";
		if (!finished) {
			long millis = this.timeout.toMillis();
			String limit = (millis % 1000 == 0) ? millis / 1000 + " s" : millis + " ms";
			throw new IOException(quoted + " did not finish within " + limit + " and was killed" + suffix(said));
		}
		if (process.exitValue() != 0) {
			throw new IOException(quoted + " exited with status " + process.exitValue() + suffix(said));
		}
		return said;
	}

	private static String suffix(String said) {
		return said.isEmpty() ? " and printed nothing" : ": " + said;
	}

	/**
	 * Waits for the process up to the time limit, through interrupts (kept for the
	 * caller); kills it and its children past the limit.
	 */
	private boolean waitFor(Process process) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		boolean interrupted = false;
		try {
			while (true) {
				try {
					if (process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
						return true;
					}
					process.descendants().forEach(ProcessHandle::destroyForcibly);
					process.destroyForcibly();
					process.onExit().join();
					return false;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Reads a process's output to its end, keeping the first {@value #MAX_OUTPUT_BYTES}
	 * bytes and counting the rest.
	 */
	private static final class Output implements Runnable {

		private final InputStream in;

		private final byte[] kept = new byte[MAX_OUTPUT_BYTES];

		private int length;

		private long skipped;

		Output(InputStream in) {
			this.in = in;
		}

		@Override
		public void run() {
			byte[] buffer = new byte[4096];
			try (this.in) {
				int n;
				while ((n = this.in.read(buffer)) >= 0) {
					int keep = Math.min(n, this.kept.length - this.length);
					System.arraycopy(buffer, 0, this.kept, this.length, keep);
					this.length += keep;
					this.skipped += n - keep;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** The output as one line: lines joined with " | ", control characters as '?'. */
		String await(Thread reader) {
			try {
				reader.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			String text = new String(this.kept, 0, this.length, StandardCharsets.UTF_8).strip()
				.replaceAll("\\s*\\R\\s*", " | ")
				.replaceAll("\\p{Cntrl}", "?");
			return (this.skipped > 0) ? text + " … (" + this.skipped + " more bytes)" : text;
		}

	}

}
