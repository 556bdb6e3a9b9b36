package dev.kfleet.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.report.ReportJson;

/**
 * {@code bench [--root DIR] [--warmup N] [--count N] [--interval-ms M]} (not in the usage
 * text): collects and serializes the report repeatedly in one process, as the daemon
 * will, and prints the process CPU time per collection (all threads: JIT and GC included)
 * and the resident memory. {@code agent/bench/measure.sh} drives it.
 */
final class BenchCommand implements Command {

	static final String USAGE = """
			Usage: kfleet-agent bench [--root DIR] [--warmup N] [--count N] [--interval-ms M]

			Collects and serializes the report repeatedly in this process and prints the CPU time
			per collection and the resident memory (agent/bench/measure.sh drives it).

			Options:
			  --root DIR        read /proc, /sys and /boot under DIR (default: $KFLEET_AGENT_ROOT, else /)
			  --warmup N        collections before measuring (default 300)
			  --count N         collections measured (default 1000)
			  --interval-ms M   pause between collections (default none)
			""";

	@Override
	public ExitCode run(List<String> args, Map<String, String> environment, PrintStream out) throws UsageException {
		Options options = Options.parse(args, Set.of(), Set.of("root", "warmup", "count", "interval-ms"));
		HostCollector collector = new HostCollector(options.root(environment), Clock.systemUTC());
		long warmup = options.positive("warmup", 300);
		long count = options.positive("count", 1000);
		long intervalMs = options.has("interval-ms") ? options.positive("interval-ms", 1) : 0;
		long bytes = collect(collector, warmup, 0);
		Duration cpuBefore = cpu();
		long wallBefore = System.nanoTime();
		collect(collector, count, intervalMs);
		long wallNanos = System.nanoTime() - wallBefore - count * intervalMs * 1_000_000;
		Duration cpu = cpu().minus(cpuBefore);
		out.println("collections=" + count);
		out.println("report_bytes=" + bytes);
		out.println("cpu_ms_total=" + cpu.toMillis());
		out.println("cpu_us_per_collection=" + cpu.toNanos() / 1000 / count);
		out.println("wall_us_per_collection=" + wallNanos / 1000 / count);
		out.println("vm_rss_kb=" + status("VmRSS:"));
		out.println("vm_hwm_kb=" + status("VmHWM:"));
		return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
	}

	@Override
	public String usage() {
		return USAGE;
	}

	private static long collect(HostCollector collector, long count, long intervalMs) {
		long bytes = 0;
		for (long i = 0; i < count; i++) {
			bytes = ReportJson.toJson(collector.collect(), false).length();
			if (intervalMs > 0) {
				sleep(intervalMs);
			}
		}
		return bytes;
	}

	private static Duration cpu() {
		return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String status(String field) {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith(field))
				.map((line) -> line.substring(field.length()).replace("kB", "").strip())
				.findFirst()
				.orElse("?");
		}
		catch (IOException ex) {
			return "?";
		}
	}

}
