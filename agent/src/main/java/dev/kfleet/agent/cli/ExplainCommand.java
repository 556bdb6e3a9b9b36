package dev.kfleet.agent.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kfleet.agent.HostCollector;

/**
 * {@code explain [--root DIR]}: prints a short summary for people.
 */
final class ExplainCommand implements Command {

	static final String USAGE = """
			Usage: kfleet-agent explain [--root DIR]

			Prints a short summary of this host for people: the kernel, HVO and what it reclaimed
			of what it could, the VDUSE devices.

			Options:
			  --root DIR   read /proc, /sys and /boot under DIR (default: $KFLEET_AGENT_ROOT, else /)
			""";

	@Override
	public ExitCode run(List<String> args, Map<String, String> environment, PrintStream out) throws UsageException {
		Options options = Options.parse(args, Set.of(), Set.of("root"));
		out.print(Summary.of(new HostCollector(options.root(environment), Clock.systemUTC()).collect()));
		return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
	}

	@Override
	public String usage() {
		return USAGE;
	}

}
