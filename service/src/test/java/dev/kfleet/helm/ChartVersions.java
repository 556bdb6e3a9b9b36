package dev.kfleet.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule "chart changed ⇒ chart version changed" (CONTRIBUTING.md), checkable in a
 * fresh clone without git history: {@code helm/chart-versions.txt} records, for each
 * chart version, a digest of the files {@code helm package} takes from
 * {@code helm/kfleet} (those {@code .helmignore} leaves in), with the {@code version:}
 * line of {@code Chart.yaml} left out. The chart's current version must be the last line,
 * with the digest of the chart as it is: a change to any packaged file without a new
 * version and a new line fails.
 */
final class ChartVersions {

	/** The record, beside the chart. */
	static final String RECORD = "chart-versions.txt";

	private static final Pattern LINE = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+) (sha256:[0-9a-f]{64})");

	private static final Pattern VERSION_LINE = Pattern.compile("(?m)^version:.*$");

	private ChartVersions() {
	}

	/**
	 * Checks a chart against its record.
	 * @param chart the chart's directory
	 * @param record the record file
	 * @return what is wrong, with what to do about it; empty when the rule holds
	 */
	static List<String> check(Path chart, Path record) {
		String version = Chart.readYaml(chart.resolve("Chart.yaml")).path("version").asString();
		String digest = digest(chart);
		List<String> problems = new ArrayList<>();
		List<String[]> entries = new ArrayList<>();
		for (String line : lines(record)) {
			Matcher matcher = LINE.matcher(line);
			if (!matcher.matches()) {
				problems.add(record.getFileName() + ": not \"<major>.<minor>.<patch> sha256:<hex>\": " + line);
				continue;
			}
			String[] entry = { matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3), matcher.group(4) };
			if (!entries.isEmpty() && compare(entries.getLast()[0], entry[0]) >= 0) {
				problems.add(record.getFileName() + ": versions must increase line by line, " + entry[0]
						+ " comes after " + entries.getLast()[0]);
			}
			entries.add(entry);
		}
		String line = version + " " + digest;
		if (entries.isEmpty()) {
			problems.add(record.getFileName() + " records no version: add the line \"" + line + "\"");
			return problems;
		}
		String[] last = entries.getLast();
		if (!last[0].equals(version)) {
			boolean recorded = entries.stream().anyMatch((entry) -> entry[0].equals(version));
			problems.add(recorded
					? "Chart.yaml's version " + version + " is not the last one recorded (" + last[0]
							+ "): a chart version never goes back"
					: "chart version " + version + " is not in " + record.getFileName() + ": append the line \"" + line
							+ "\"");
		}
		else if (!last[1].equals(digest)) {
			problems.add("helm/kfleet changed since chart version " + version + " was recorded (" + last[1] + ", now "
					+ digest + "): bump version in Chart.yaml (to " + next(version)
					+ " or higher, CONTRIBUTING.md) and append the line \"" + next(version) + " " + digest + "\" to "
					+ record.getFileName() + ", with a note under Upgrading in helm/kfleet/README.md");
		}
		return problems;
	}

	/**
	 * The digest of the files {@code helm package} would take from a chart: each file's
	 * relative path and content (line ends as LF, and without Chart.yaml's
	 * {@code version:} line), in path order.
	 * @param chart the chart's directory
	 * @return {@code sha256:<hex>}
	 */
	static String digest(Path chart) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			for (Path file : packaged(chart)) {
				String name = chart.relativize(file).toString().replace('\\', '/');
				String content = Files.readString(file).replace("\r\n", "\n");
				if (name.equals("Chart.yaml")) {
					content = VERSION_LINE.matcher(content).replaceAll("");
				}
				byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
				sha256.update((name + "\0" + bytes.length + "\0").getBytes(StandardCharsets.UTF_8));
				sha256.update(bytes);
			}
			return "sha256:" + HexFormat.of().formatHex(sha256.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The chart's files that {@code .helmignore} does not leave out: its patterns are
	 * file name globs, or directories when they end in {@code /}.
	 */
	static List<Path> packaged(Path chart) {
		List<PathMatcher> names = new ArrayList<>();
		List<String> directories = new ArrayList<>();
		Path ignore = chart.resolve(".helmignore");
		if (Files.exists(ignore)) {
			for (String pattern : lines(ignore)) {
				if (pattern.endsWith("/")) {
					directories.add(pattern.substring(0, pattern.length() - 1));
				}
				else {
					names.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
				}
			}
		}
		try (Stream<Path> files = Files.walk(chart)) {
			return files.filter(Files::isRegularFile).filter((file) -> {
				Path relative = chart.relativize(file);
				for (Path part : relative) {
					if (directories.contains(part.toString()) && !part.equals(relative.getFileName())) {
						return false;
					}
				}
				return names.stream().noneMatch((matcher) -> matcher.matches(relative.getFileName()));
			}).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The next patch version. */
	static String next(String version) {
		String[] parts = version.split("\\.");
		return parts[0] + "." + parts[1] + "." + (Integer.parseInt(parts[2].replaceAll("\\D.*", "")) + 1);
	}

	private static int compare(String a, String b) {
		String[] x = a.split("\\.");
		String[] y = b.split("\\.");
		for (int i = 0; i < 3; i++) {
			int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

	/** The lines that are neither blank nor comments. */
	private static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file)
				.stream()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
