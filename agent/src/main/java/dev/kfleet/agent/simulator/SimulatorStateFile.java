package dev.kfleet.agent.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.actions.AtomicFiles;

/**
 * Keeps the simulated hosts' enrollments between runs ({@code --state-file}), so a second
 * run against the same service reuses their tokens instead of enrolling the fleet again.
 * One line per host: machine id, host id, host token, next sequence, tab-separated; mode
 * 0600, written atomically.
 */
final class SimulatorStateFile {

	static final String HEADER = "# kfleet-agent simulate state v1: machineId hostId hostToken nextSequence";

	private SimulatorStateFile() {
	}

	static Map<String, String[]> load(Path file) throws IOException {
		Map<String, String[]> entries = new HashMap<>();
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		}
		catch (NoSuchFileException ex) {
			return entries;
		}
		for (String line : lines) {
			String[] fields = line.split("\t");
			if (!line.startsWith("#") && fields.length == 4) {
				entries.put(fields[0], fields);
			}
		}
		return entries;
	}

	static void restore(SimulatedHost host, Map<String, String[]> entries) {
		String[] entry = entries.get(host.machineId());
		if (entry != null) {
			host.restore(entry[1], entry[2], Long.parseLong(entry[3]));
		}
	}

	static void save(Path file, List<SimulatedHost> hosts) throws IOException {
		StringBuilder text = new StringBuilder(HEADER).append('\n');
		for (SimulatedHost host : hosts) {
			synchronized (host) {
				if (host.hostToken() != null) {
					text.append(host.machineId())
						.append('\t')
						.append(host.hostId())
						.append('\t')
						.append(host.hostToken())
						.append('\t')
						.append(host.nextSequence())
						.append('\n');
				}
			}
		}
		AtomicFiles.write(file, text.toString(), "rw-------");
	}

}
