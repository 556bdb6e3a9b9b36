package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.Reading;

/**
 * The kernel tunables in {@code /proc} and {@code /sys} under a root ({@code /} on the
 * host, a copied capture in tests). Writes go straight to the file, as {@code echo N >}
 * does.
 */
public final class SysfsKernel implements HostKernel {

	static final String SWITCH = "/proc/sys/vm/hugetlb_optimize_vmemmap";

	static final String HUGEPAGES = "/sys/kernel/mm/hugepages";

	static final String NODES = "/sys/devices/system/node";

	private static final Pattern NODE = Pattern.compile("node([0-9]{1,5})");

	private final HostFiles files;

	private final long basePageSize;

	/**
	 * Creates the kernel view.
	 * @param root the directory {@code /proc} and {@code /sys} are under
	 * @param basePageSize the base page size (from the host report)
	 */
	public SysfsKernel(Path root, long basePageSize) {
		this.files = new HostFiles(root);
		this.basePageSize = basePageSize;
	}

	@Override
	public Optional<Boolean> hvoSwitch() throws IOException {
		Path file = this.files.local(SWITCH);
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		String text = Files.readString(file).strip();
		return switch (text) {
			case "0" -> Optional.of(false);
			case "1" -> Optional.of(true);
			default -> throw new IOException(SWITCH + " holds '" + HostFiles.abbreviate(text) + "', not 0 or 1");
		};
	}

	@Override
	public void setHvoSwitch(boolean on) throws IOException {
		write(this.files.local(SWITCH), on ? "1" : "0");
	}

	@Override
	public List<Long> poolSizes() throws IOException {
		List<Long> sizes = new ArrayList<>();
		for (String name : list(this.files.local(HUGEPAGES))) {
			if (name.matches("hugepages-[0-9]{1,12}kB")) {
				sizes.add(Long.parseLong(name.substring(10, name.length() - 2)) * 1024);
			}
		}
		sizes.sort(null);
		return sizes;
	}

	@Override
	public PoolCounts pool(long pageSizeBytes, OptionalInt node) throws IOException {
		Path dir = dir(pageSizeBytes, node);
		long reserved = node.isPresent() ? 0 : count(dir.resolve("resv_hugepages"));
		return new PoolCounts(count(dir.resolve("nr_hugepages")), count(dir.resolve("free_hugepages")), reserved,
				count(dir.resolve("surplus_hugepages")));
	}

	@Override
	public List<Integer> poolNodes(long pageSizeBytes) throws IOException {
		List<Integer> nodes = new ArrayList<>();
		Path root = this.files.local(NODES);
		if (!Files.isDirectory(root)) {
			return nodes;
		}
		for (String name : list(root)) {
			Matcher matcher = NODE.matcher(name);
			if (matcher.matches()
					&& Files.isDirectory(dir(pageSizeBytes, OptionalInt.of(Integer.parseInt(matcher.group(1)))))) {
				nodes.add(Integer.parseInt(matcher.group(1)));
			}
		}
		nodes.sort(null);
		return nodes;
	}

	@Override
	public void setPoolTotal(long pageSizeBytes, OptionalInt node, long total) throws IOException {
		write(dir(pageSizeBytes, node).resolve("nr_hugepages"), Long.toString(total));
	}

	@Override
	public OptionalLong memmapPages() {
		Reading<String> vmstat = this.files.read("/proc/vmstat");
		Long pages = null;
		Long boot = null;
		for (String line : vmstat.orElse("").split("\n")) {
			String[] fields = line.split(" ");
			if (fields.length == 2 && fields[0].equals("nr_memmap_pages")) {
				pages = HostFiles.parseCount("nr_memmap_pages", fields[1]).orElse(null);
			}
			else if (fields.length == 2 && fields[0].equals("nr_memmap_boot_pages")) {
				boot = HostFiles.parseCount("nr_memmap_boot_pages", fields[1]).orElse(null);
			}
		}
		return (pages != null && boot != null) ? OptionalLong.of(pages + boot) : OptionalLong.empty();
	}

	@Override
	public long basePageSize() {
		return this.basePageSize;
	}

	private Path dir(long pageSizeBytes, OptionalInt node) {
		String name = "hugepages-" + (pageSizeBytes / 1024) + "kB";
		return node.isPresent() ? this.files.local(NODES + "/node" + node.getAsInt() + "/hugepages/" + name)
				: this.files.local(HUGEPAGES + "/" + name);
	}

	private static List<String> list(Path dir) throws IOException {
		List<String> names = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
			entries.forEach((entry) -> names.add(entry.getFileName().toString()));
		}
		return names;
	}

	private static long count(Path file) throws IOException {
		String text = Files.readString(file).strip();
		try {
			long value = Long.parseLong(text);
			if (value >= 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IOException(file + " holds '" + HostFiles.abbreviate(text) + "', not a count");
	}

	private static void write(Path file, String value) throws IOException {
		if (!Files.exists(file)) {
			throw new NoSuchFileException(file.toString(), null, "the kernel has no such tunable");
		}
		// One write(2) of the whole value, as the kernel's sysctl and sysfs handlers
		// expect.
		Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
	}

}
