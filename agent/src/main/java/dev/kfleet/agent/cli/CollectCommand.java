package dev.kfleet.agent.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.ReportJson;

/**
 * {@code collect [--root DIR] [--pretty]}: prints the host report as JSON.
 */
final class CollectCommand implements Command {

	static final String USAGE = """
			Usage: kfleet-agent collect [--root DIR] [--pretty]

			Prints this host's report as JSON on one line: HVO, HugeTLB pools, VDUSE devices and
			their processes, the kernel; an unknown value is null with its reason beside it.

			Options:
			  --root DIR   read /proc, /sys and /boot under DIR (default: $KFLEET_AGENT_ROOT, else /)
			  --pretty     indent the JSON
			""";

	@Override
	public ExitCode run(List<String> args, Map<String, String> environment, PrintStream out) throws UsageException {
		Options options = Options.parse(args, Set.of("pretty"), Set.of("root"));
		HostReport report = new HostCollector(options.root(environment), Clock.systemUTC()).collect();
		out.println(ReportJson.toJson(report, options.flag("pretty")));
		return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
	}

	@Override
	public String usage() {
		return USAGE;
	}

}
