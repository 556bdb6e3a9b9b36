package dev.kfleet.agent.kernel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.host.Text;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.Reading;

/**
 * Reads the kernel configuration from {@code /proc/config.gz} or
 * {@code /boot/config-<release>}, keeping only the {@link #OPTIONS options that matter}.
 * The configuration cannot change while the kernel runs, so a parsed file is cached until
 * its size or modification time changes.
 */
public final class KernelConfigReader {

	/** The options kept in the report. */
	public static final Set<String> OPTIONS = Set.of("CONFIG_HUGETLB_PAGE", "CONFIG_HUGETLBFS",
			"CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP", "CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP_DEFAULT_ON",
			"CONFIG_HUGETLB_PAGE_FREE_VMEMMAP", "CONFIG_HUGETLB_PAGE_FREE_VMEMMAP_DEFAULT_ON",
			"CONFIG_ARCH_WANT_OPTIMIZE_HUGETLB_VMEMMAP", "CONFIG_ARCH_WANT_HUGETLB_PAGE_OPTIMIZE_VMEMMAP",
			"CONFIG_SPARSEMEM_VMEMMAP", "CONFIG_SPARSEMEM_VMEMMAP_PREINIT", "CONFIG_MEMORY_HOTPLUG",
			"CONFIG_MHP_MEMMAP_ON_MEMORY", "CONFIG_PAGE_EXTENSION", "CONFIG_PAGE_OWNER", "CONFIG_PAGE_TABLE_CHECK",
			"CONFIG_PAGE_TABLE_CHECK_ENFORCED", "CONFIG_MEM_ALLOC_PROFILING", "CONFIG_PAGE_SHIFT",
			"CONFIG_PAGE_SIZE_4KB", "CONFIG_PAGE_SIZE_16KB", "CONFIG_PAGE_SIZE_64KB", "CONFIG_ARM64_4K_PAGES",
			"CONFIG_ARM64_16K_PAGES", "CONFIG_ARM64_64K_PAGES", "CONFIG_X86_64", "CONFIG_ARM64", "CONFIG_S390",
			"CONFIG_RISCV", "CONFIG_64BIT", "CONFIG_IKCONFIG_PROC", "CONFIG_VDPA", "CONFIG_VDPA_USER",
			"CONFIG_VIRTIO_VDPA", "CONFIG_VHOST_VDPA", "CONFIG_VIRTIO_BLK", "CONFIG_VIRTIO_NET");

	private static final String PROC_CONFIG = "/proc/config.gz";

	static final int MAX_CONFIG_BYTES = 2 * 1024 * 1024;

	private final Map<String, Cached> cache = new HashMap<>();

	/**
	 * Reads the configuration of the running kernel.
	 * @param files the host's files
	 * @param release the kernel release, to find {@code /boot/config-<release>}
	 * @return the configuration, or why there is none
	 */
	public Reading<KernelConfig> read(HostFiles files, Reading<String> release) {
		if (files.exists(PROC_CONFIG)) {
			return readCached(files, PROC_CONFIG, true);
		}
		if (!release.isKnown()) {
			return Reading.unknown("no " + PROC_CONFIG + ", and the release to find /boot/config-<release> is unknown");
		}
		if (release.orElseThrow().contains("/")) {
			return Reading
				.unknown("no " + PROC_CONFIG + ", and the release '" + HostFiles.abbreviate(release.orElseThrow())
						+ "' holds a '/', so it names no /boot/config-<release>");
		}
		String boot = "/boot/config-" + release.orElseThrow();
		if (files.exists(boot)) {
			return readCached(files, boot, false);
		}
		return Reading
			.unknown("no kernel configuration: neither " + PROC_CONFIG + " (CONFIG_IKCONFIG_PROC) nor " + boot);
	}

	private synchronized Reading<KernelConfig> readCached(HostFiles files, String path, boolean gzip) {
		Reading<BasicFileAttributes> attributes = files.attributes(path);
		String stamp = attributes.map((a) -> a.size() + "@" + a.lastModifiedTime().toMillis()).orElse(null);
		Cached cached = this.cache.get(path);
		if (stamp != null && cached != null && cached.stamp.equals(stamp)) {
			return cached.config;
		}
		Reading<KernelConfig> config = files.readBytes(path).flatMap((bytes) -> parse(path, bytes, gzip));
		if (stamp != null && config.isKnown()) {
			this.cache.put(path, new Cached(stamp, config));
		}
		return config;
	}

	static Reading<KernelConfig> parse(String path, byte[] bytes, boolean gzip) {
		Reading<byte[]> plain = gzip ? gunzip(path, bytes) : Reading.of(bytes);
		return plain.flatMap((text) -> Text.decode(path, text)).flatMap((text) -> options(path, text));
	}

	/**
	 * Decompresses at most {@value #MAX_CONFIG_BYTES} bytes: a configuration is about 300
	 * KB, and the agent's heap is 16 MB.
	 */
	private static Reading<byte[]> gunzip(String path, byte[] bytes) {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			byte[] plain = in.readNBytes(MAX_CONFIG_BYTES + 1);
			return (plain.length > MAX_CONFIG_BYTES)
					? Reading.unknown("garbled: " + path + " decompresses to more than " + MAX_CONFIG_BYTES + " bytes")
					: Reading.of(plain);
		}
		catch (IOException ex) {
			return Reading.unknown("garbled: " + path + " cannot be decompressed: " + ex.getMessage());
		}
	}

	private static Reading<KernelConfig> options(String path, String text) {
		Map<String, String> options = new HashMap<>();
		long lines = text.lines().filter((line) -> parseLine(line, options)).count();
		if (lines == 0) {
			return Reading.unknown("garbled: " + path + " holds no CONFIG_ line");
		}
		return Reading.of(new KernelConfig(path, options));
	}

	private static boolean parseLine(String line, Map<String, String> options) {
		if (line.startsWith("# CONFIG_") && line.endsWith(" is not set")) {
			keep(options, line.substring(2, line.length() - " is not set".length()), "n");
			return true;
		}
		int equals = line.indexOf('=');
		if (line.startsWith("CONFIG_") && equals > 0) {
			keep(options, line.substring(0, equals), line.substring(equals + 1));
			return true;
		}
		return false;
	}

	private static void keep(Map<String, String> options, String name, String value) {
		if (OPTIONS.contains(name)) {
			options.put(name, value);
		}
	}

	private record Cached(String stamp, Reading<KernelConfig> config) {
	}

}
