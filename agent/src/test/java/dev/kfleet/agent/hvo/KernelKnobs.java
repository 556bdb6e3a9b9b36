package dev.kfleet.agent.hvo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes kernel tunables for a live test and puts every one back: on {@link #close()},
 * and from a shutdown hook if the JVM stops first. Restoring shrinks the pools before it
 * restores the overcommit limits and, last, the HVO switch, so that pages freed while the
 * switch is still as the test left it have their vmemmap restored by the kernel (restore
 * follows the per-page flag, not the switch).
 */
final class KernelKnobs implements AutoCloseable {

	private final Map<Path, String> originals = new LinkedHashMap<>();

	private final Thread hook = new Thread(this::restoreQuietly, "kfleet-restore-kernel-knobs");

	private boolean restored;

	KernelKnobs() {
		Runtime.getRuntime().addShutdownHook(this.hook);
	}

	static String read(Path file) {
		try {
			return Files.readString(file).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes a value, remembering the file's value before the first write.
	 * @param file the tunable
	 * @param value the value
	 * @return the value the kernel shows afterwards
	 */
	synchronized String write(Path file, String value) {
		this.originals.putIfAbsent(file, read(file));
		writeRaw(file, value);
		return read(file);
	}

	@Override
	public synchronized void close() {
		List<String> failures = restore();
		Runtime.getRuntime().removeShutdownHook(this.hook);
		if (!failures.isEmpty()) {
			throw new AssertionError("Could not restore kernel tunables: " + failures);
		}
	}

	private synchronized void restoreQuietly() {
		if (!this.restored) {
			restore().forEach(System.err::println);
		}
	}

	private List<String> restore() {
		this.restored = true;
		List<String> failures = new ArrayList<>();
		List<Path> files = new ArrayList<>(this.originals.keySet());
		files.sort(Comparator.comparingInt(KernelKnobs::restoreOrder));
		for (Path file : files) {
			String original = this.originals.get(file);
			try {
				writeRaw(file, original);
				String now = read(file);
				if (!now.equals(original)) {
					failures.add(file + " is " + now + ", was " + original);
				}
			}
			catch (RuntimeException ex) {
				failures.add(file + ": " + ex);
			}
		}
		return failures;
	}

	private static int restoreOrder(Path file) {
		String name = file.getFileName().toString();
		return switch (name) {
			case "nr_hugepages" -> 0;
			case "nr_overcommit_hugepages" -> 1;
			default -> 2;
		};
	}

	private static void writeRaw(Path file, String value) {
		try {
			Files.writeString(file, value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("writing " + value + " to " + file, ex);
		}
	}

}
