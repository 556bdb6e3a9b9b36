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

	@Override
	public ExitCode run(List<String> args, Map<String, String> environment, PrintStream out) throws UsageException {
		Options options = Options.parse(args, Set.of("pretty"), Set.of("root"));
		HostReport report = new HostCollector(options.root(environment), Clock.systemUTC()).collect();
		out.println(ReportJson.toJson(report, options.flag("pretty")));
		return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
	}

}
