package dev.kfleet.agent.hvo;

import java.util.regex.Pattern;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.Reading;

/**
 * Reads the memmap counters from {@code /proc/vmstat} and the memory blocks from
 * {@code /sys/devices/system/memory}.
 */
final class MemmapReader {

	static final String MEMORY = "/sys/devices/system/memory";

	private static final Pattern BLOCK = Pattern.compile("memory[0-9]{1,9}");

	private static final Pattern HEX = Pattern.compile("(0x)?[0-9a-fA-F]{1,15}");

	private MemmapReader() {
	}

	static RawMemmap read(HostFiles files) {
		Reading<String> vmstat = files.read("/proc/vmstat");
		Reading<Long> pages = vmstat.flatMap((text) -> counter(text, "nr_memmap_pages"));
		Reading<Long> bootPages = vmstat.flatMap((text) -> counter(text, "nr_memmap_boot_pages"));
		Reading<Long> blocks = files.list(MEMORY)
			.map((names) -> names.stream().filter((n) -> BLOCK.matcher(n).matches()).count())
			.flatMap((count) -> (count > 0) ? Reading.of(count) : Reading.unknown("no memory blocks in " + MEMORY));
		Reading<Long> blockSize = files.readValue(MEMORY + "/block_size_bytes").flatMap(MemmapReader::hex);
		return new RawMemmap(pages, bootPages, Reading.combine(pages, bootPages, Math::addExact), blocks, blockSize);
	}

	static Reading<Long> counter(String vmstat, String name) {
		for (String line : vmstat.split("\n")) {
			int space = line.indexOf(' ');
			if (space > 0 && line.regionMatches(0, name, 0, space) && space == name.length()) {
				return HostFiles.parseCount("/proc/vmstat " + name, line.substring(space + 1).strip());
			}
		}
		return Reading.unknown("absent: " + name + " in /proc/vmstat (kernels before 6.11 have no memmap counters)");
	}

	private static Reading<Long> hex(String text) {
		if (!HEX.matcher(text).matches()) {
			return Reading.unknown("garbled: " + MEMORY + "/block_size_bytes holds '" + HostFiles.abbreviate(text)
					+ "', not hexadecimal");
		}
		long value = Long.parseLong(text.startsWith("0x") ? text.substring(2) : text, 16);
		return (value > 0) ? Reading.of(value) : Reading.unknown("garbled: block_size_bytes is 0");
	}

	/**
	 * The counters and blocks as read.
	 *
	 * @param pages {@code nr_memmap_pages}
	 * @param bootPages {@code nr_memmap_boot_pages}
	 * @param sum their sum
	 * @param blocks the number of memory blocks
	 * @param blockSize the memory block size in bytes
	 */
	record RawMemmap(Reading<Long> pages, Reading<Long> bootPages, Reading<Long> sum, Reading<Long> blocks,
			Reading<Long> blockSize) {
	}

}
