package dev.kfleet.agent.hvo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.Reading;

/**
 * The value the boot-time sysctl configuration sets for
 * {@code vm.hugetlb_optimize_vmemmap}: whether the HVO switch is persisted. Read as
 * {@code systemd-sysctl} and {@code sysctl --system} read it:
 * <ul>
 * <li>the {@code *.conf} files of {@code /etc/sysctl.d}, {@code /run/sysctl.d},
 * {@code /usr/local/lib/sysctl.d}, {@code /usr/lib/sysctl.d} and {@code /lib/sysctl.d};
 * of files with the same name, only the one in the earliest of those directories counts
 * (a link to {@code /dev/null} masks the name);</li>
 * <li>those files in the order of their names, whatever their directory, then
 * {@code /etc/sysctl.conf} (as {@code sysctl --system}; Debian links it as
 * {@code /etc/sysctl.d/99-sysctl.conf}, so systemd reads it too); a later assignment of a
 * key overrides an earlier one;</li>
 * <li>a key is written with {@code .} or {@code /} (if its first separator is a dot, dots
 * and slashes swap), may start with {@code -} (failures ignored), and may be a glob
 * ({@code vm.*}): an explicit assignment wins over any glob, and {@code -key} without a
 * value keeps globs off the key.</li>
 * </ul>
 * Links are resolved under the root, never followed out of it. Never throws.
 */
public final class BootSysctl {

	/** Where the configuration is read, most important first. */
	static final List<String> DIRECTORIES = List.of("/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
			"/usr/lib/sysctl.d", "/lib/sysctl.d");

	/** Read after the directories' files. */
	static final String SYSCTL_CONF = "/etc/sysctl.conf";

	/** The reason when nothing sets the key. */
	public static final String NOT_SET = "not set: no file of the boot-time sysctl configuration ("
			+ String.join(", ", DIRECTORIES) + ", " + SYSCTL_CONF + ") sets vm.hugetlb_optimize_vmemmap";

	private static final String KEY = "vm/hugetlb_optimize_vmemmap";

	private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

	private BootSysctl() {
	}

	/**
	 * Reads what the boot-time configuration sets the HVO switch to.
	 * @param files the host's files
	 * @return the value; unknown with the reason when a file that could set it cannot be
	 * read, when the value is not one the kernel takes as 0 or 1, or when nothing sets it
	 * ({@link #NOT_SET})
	 */
	public static Reading<Boolean> switchPersisted(HostFiles files) {
		Reading<List<String>> order = files(files);
		if (!order.isKnown()) {
			return Reading.unknown(order.unknownReason().orElseThrow());
		}
		Assignments assignments = new Assignments();
		for (String path : order.orElseThrow()) {
			Reading<String> text = files.read(path);
			if (!text.isKnown()) {
				return Reading.unknown(text.unknownReason().orElseThrow());
			}
			assignments.parse(path, text.orElseThrow());
		}
		return assignments.value();
	}

	/** The files to read, in order: host paths without links. */
	private static Reading<List<String>> files(HostFiles files) {
		Reading<Map<String, String>> byName = confFiles(files);
		if (!byName.isKnown()) {
			return Reading.unknown(byName.unknownReason().orElseThrow());
		}
		List<String> order = new ArrayList<>(byName.orElseThrow().values());
		order.add(SYSCTL_CONF);
		List<String> real = new ArrayList<>();
		for (String path : order) {
			Reading<String> resolved = files.resolve(path);
			if (!resolved.isKnown()) {
				return Reading.unknown(resolved.unknownReason().orElseThrow());
			}
			String target = resolved.orElseThrow();
			if (!target.equals("/dev/null") && files.exists(target) && !files.isDirectory(target)) {
				real.add(target);
			}
		}
		return Reading.of(real);
	}

	/**
	 * The {@code *.conf} files of the directories by name (sorted), each name's from the
	 * earliest directory that has one.
	 */
	private static Reading<Map<String, String>> confFiles(HostFiles files) {
		Map<String, String> byName = new TreeMap<>();
		for (String directory : DIRECTORIES) {
			Reading<String> real = files.resolve(directory);
			if (!real.isKnown()) {
				return Reading.unknown(real.unknownReason().orElseThrow());
			}
			if (!files.isDirectory(real.orElseThrow())) {
				continue;
			}
			Reading<List<String>> names = files.list(real.orElseThrow());
			if (!names.isKnown()) {
				return Reading.unknown(names.unknownReason().orElseThrow());
			}
			names.orElseThrow()
				.stream()
				.filter((name) -> name.endsWith(".conf"))
				.forEach((name) -> byName.putIfAbsent(name, directory + "/" + name));
		}
		return Reading.of(byName);
	}

	/** The assignments of the key seen so far: the last explicit one, the last glob. */
	private static final class Assignments {

		private String explicit;

		private String explicitIn;

		private String glob;

		private String globIn;

		private boolean excluded;

		void parse(String path, String text) {
			for (String raw : text.split("\n")) {
				String line = raw.strip();
				if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
					continue;
				}
				int equals = line.indexOf('=');
				if (equals < 0) {
					if (line.startsWith("-") && matches(normalize(line.substring(1).strip()))) {
						this.excluded = true;
					}
					continue;
				}
				String key = line.substring(0, equals).strip();
				key = normalize(key.startsWith("-") ? key.substring(1).strip() : key);
				String value = line.substring(equals + 1).strip();
				if (key.equals(KEY)) {
					this.explicit = value;
					this.explicitIn = path;
				}
				else if (isGlob(key) && matches(key)) {
					this.glob = value;
					this.globIn = path;
				}
			}
		}

		Reading<Boolean> value() {
			if (this.explicit != null) {
				return bool(this.explicit, this.explicitIn);
			}
			if (this.glob != null && !this.excluded) {
				return bool(this.glob, this.globIn);
			}
			return Reading.unknown(NOT_SET);
		}

		private static Reading<Boolean> bool(String value, String path) {
			String quoted = "garbled: " + path + " sets vm.hugetlb_optimize_vmemmap to '" + HostFiles.abbreviate(value)
					+ "'";
			return switch (value) {
				case "0" -> Reading.of(false);
				case "1" -> Reading.of(true);
				default -> Reading.unknown(INTEGER.matcher(value).matches()
						? quoted + ", which 6.x kernels take as 1 and 5.19-era kernels refuse"
						: quoted + ", which the kernel refuses (EINVAL)");
			};
		}

	}

	/**
	 * A key as a path under {@code /proc/sys}: if its first separator is a dot, dots and
	 * slashes swap; repeated and leading slashes go.
	 */
	static String normalize(String key) {
		int dot = key.indexOf('.');
		int slash = key.indexOf('/');
		String path = key;
		if (dot >= 0 && (slash < 0 || dot < slash)) {
			StringBuilder swapped = new StringBuilder(key.length());
			for (char c : key.toCharArray()) {
				swapped.append((c == '.') ? '/' : (c == '/') ? '.' : c);
			}
			path = swapped.toString();
		}
		return path.replaceAll("/{2,}", "/").replaceAll("^/", "");
	}

	private static boolean isGlob(String key) {
		return key.indexOf('*') >= 0 || key.indexOf('?') >= 0 || key.indexOf('[') >= 0;
	}

	/** Whether a key, or a glob (as glob(7) matches paths), names the HVO switch. */
	static boolean matches(String pattern) {
		if (!isGlob(pattern)) {
			return pattern.equals(KEY);
		}
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			switch (c) {
				case '*' -> regex.append("[^/]*");
				case '?' -> regex.append("[^/]");
				case '[' -> {
					int close = pattern.indexOf(']', i + 2);
					if (close < 0) {
						regex.append("\\[");
					}
					else {
						regex.append(characterClass(pattern.substring(i + 1, close)));
						i = close;
					}
				}
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return KEY.matches(regex.toString());
	}

	/** A glob's {@code [...]} as a regular expression's class ({@code !} negates). */
	private static String characterClass(String set) {
		StringBuilder out = new StringBuilder("[");
		int start = 0;
		if (set.startsWith("!") || set.startsWith("^")) {
			out.append('^');
			start = 1;
		}
		for (char c : set.substring(start).toCharArray()) {
			out.append((c == '-' || Character.isLetterOrDigit(c)) ? String.valueOf(c) : "\\" + c);
		}
		return out.append(']').toString();
	}

}
