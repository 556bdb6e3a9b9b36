package dev.kfleet.agent.vduse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.host.Text;
import dev.kfleet.agent.report.ProcessRef;
import dev.kfleet.agent.report.ProcessScan;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.Redaction;

/**
 * Which processes hold which device nodes open, from the {@code /proc/<pid>/fd/*} links
 * (read with readlink; nothing is opened). Processes whose fd directory cannot be listed
 * (another user's, without CAP_SYS_PTRACE) are counted, so that "nobody holds it" is only
 * claimed when every process was seen.
 */
final class ProcessIndex {

	private static final Pattern PID = Pattern.compile("[0-9]{1,10}");

	/**
	 * How much of {@code /proc/<pid>/cmdline} is read: four times what the report keeps,
	 * which leaves room for what redaction takes out.
	 */
	static final int CMDLINE_READ_BYTES = 16 * 1024;

	private final HostFiles files;

	private final Map<String, List<Long>> holders = new HashMap<>();

	private final long processes;

	private final long unreadable;

	private ProcessIndex(HostFiles files, long processes, long unreadable) {
		this.files = files;
		this.processes = processes;
		this.unreadable = unreadable;
	}

	/**
	 * Scans every process for open files whose link target is one of the nodes.
	 * @param files the host's files
	 * @param nodes the device nodes of interest, such as {@code /dev/vduse/vduse0}
	 * @return the index, or why {@code /proc} cannot be listed
	 */
	static Reading<ProcessIndex> scan(HostFiles files, Set<String> nodes) {
		Reading<List<String>> entries = files.list("/proc");
		if (!entries.isKnown()) {
			return Reading.unknown(entries.unknownReason().orElseThrow());
		}
		List<String> pids = entries.orElseThrow().stream().filter((n) -> PID.matcher(n).matches()).toList();
		Map<String, List<Long>> found = new HashMap<>();
		long unreadable = 0;
		for (String pid : pids) {
			Reading<List<String>> fds = files.list("/proc/" + pid + "/fd");
			if (!fds.isKnown()) {
				unreadable += files.exists("/proc/" + pid) ? 1 : 0;
				continue;
			}
			for (String fd : fds.orElseThrow()) {
				String target = files.readLink("/proc/" + pid + "/fd/" + fd).orElse("");
				if (nodes.contains(target)) {
					List<Long> list = found.computeIfAbsent(target, (t) -> new ArrayList<>());
					if (!list.contains(Long.parseLong(pid))) {
						list.add(Long.parseLong(pid));
					}
				}
			}
		}
		ProcessIndex index = new ProcessIndex(files, pids.size(), unreadable);
		index.holders.putAll(found);
		return Reading.of(index);
	}

	ProcessScan summary() {
		return new ProcessScan(this.processes, this.unreadable);
	}

	/**
	 * Returns the processes that hold a node open.
	 * @param node the device node, such as {@code /dev/vduse/vduse0}
	 * @return the processes; unknown if none was found but some processes could not be
	 * seen
	 */
	Reading<List<ProcessRef>> holders(String node) {
		List<Long> pids = this.holders.getOrDefault(node, List.of());
		if (pids.isEmpty() && this.unreadable > 0) {
			return Reading.unknown("no visible process holds " + node + ", but the open files of " + this.unreadable
					+ " of " + this.processes + " processes could not be read (run as root or with CAP_SYS_PTRACE)");
		}
		return Reading.of(pids.stream().sorted().map(this::process).toList());
	}

	private ProcessRef process(long pid) {
		String dir = "/proc/" + pid + "/";
		return new ProcessRef(pid, this.files.readValue(dir + "comm"), cmdline(dir + "cmdline"));
	}

	/**
	 * The arguments joined by spaces, secrets redacted; the start only, with the whole
	 * length, when the file is longer than what is read.
	 */
	private Reading<String> cmdline(String path) {
		return this.files.readHead(path, CMDLINE_READ_BYTES)
			.flatMap((read) -> Text.arguments(path, read.bytes()).flatMap((arguments) -> {
				String line = Redaction.arguments(arguments, read.cut());
				return read.cut() ? Reading.truncated(line, read.length()) : Reading.of(line);
			}));
	}

}
