package dev.kfleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts PostgreSQL's programs and signals them. Each program runs through util-linux's
 * {@code setpriv}: with {@code --pdeathsig KILL}, so that it dies with this JVM even when
 * the JVM is killed (the signal fires when the thread that started it ends, so every
 * program is started by one daemon thread that lives as long as the JVM); and, when the
 * JVM runs as root, as the unprivileged user {@code nobody} (65534), because PostgreSQL
 * refuses to run as root.
 */
final class PostgresProcesses {

	/** The user and group that PostgreSQL runs as when this JVM runs as root. */
	static final int UNPRIVILEGED_ID = 65534;

	private static final ExecutorService launcher = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "killable-postgres-launcher");
		thread.setDaemon(true);
		return thread;
	});

	private PostgresProcesses() {
	}

	/** Starts a program of PostgreSQL's; its output is appended to {@code log}. */
	static Process start(List<String> command, Path log) {
		ProcessBuilder builder = new ProcessBuilder(wrapped(command)).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		try {
			return launcher.submit(builder::start).get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not start " + command, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting " + command, ex);
		}
	}

	/** Runs a program of PostgreSQL's to its end and fails unless it exits with 0. */
	static void run(List<String> command, Path log) {
		Process process = start(command, log);
		try {
			if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException(command.getFirst() + " failed; see " + log);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

	/** Gives {@code directory} to the user PostgreSQL runs as (only needed as root). */
	static void ownToServer(Path directory) {
		if (runningAsRoot()) {
			try {
				Files.setAttribute(directory, "unix:uid", UNPRIVILEGED_ID);
				Files.setAttribute(directory, "unix:gid", UNPRIVILEGED_ID);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not give " + directory + " to user " + UNPRIVILEGED_ID, ex);
			}
		}
	}

	/** A process and all its descendants, the process first. */
	static List<ProcessHandle> withDescendants(ProcessHandle process) {
		return Stream.concat(Stream.of(process), process.descendants()).toList();
	}

	/**
	 * Sends {@code signal} (such as {@code STOP}) with kill(1) to every process given.
	 */
	static void signal(String signal, List<ProcessHandle> processes) {
		if (processes.isEmpty()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
		processes.forEach((process) -> command.add(Long.toString(process.pid())));
		try {
			Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(kill.getInputStream().readAllBytes());
			if (kill.waitFor() != 0 && processes.stream().allMatch(ProcessHandle::isAlive)) {
				throw new IllegalStateException(command + " failed: " + output.strip());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

	static boolean runningAsRoot() {
		try {
			return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	private static List<String> wrapped(List<String> command) {
		String setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv")
			.filter((path) -> Files.isExecutable(Path.of(path)))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"KillablePostgres needs util-linux's setpriv (/usr/bin/setpriv) to tie PostgreSQL to this JVM"));
		List<String> wrapped = new ArrayList<>(List.of(setpriv, "--pdeathsig", "KILL"));
		if (runningAsRoot()) {
			wrapped.addAll(List.of("--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups"));
		}
		wrapped.addAll(command);
		return wrapped;
	}

}
