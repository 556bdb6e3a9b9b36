package dev.kfleet.agent.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.AgentVersion;

/**
 * Parses the command line and runs a subcommand.
 */
public final class Cli {

	static final String USAGE = """
			Usage: kfleet-agent <command> [options]

			Commands:
			  collect [--root DIR] [--pretty]   print this host's report as JSON
			  explain [--root DIR]              print a short summary for people
			  run --server URL --enroll-secret-file FILE [--root DIR] [--state-dir DIR]
			      [--sysctl-dropin PATH] [--hostname NAME] [--request-timeout-seconds N]
			      [--max-backoff-seconds N] [--max-response-bytes N]
			                                    the daemon: enroll, check in, apply desired state
			  simulate --server URL --enroll-secret-file FILE --hosts N --seed S [...]
			                                    a fleet of N simulated hosts (see the README)
			  --help, help                      print this text
			  --version, version                print the agent's version

			Options:
			  --root DIR   read /proc, /sys and /boot under DIR (default: $KFLEET_AGENT_ROOT, else /),
			               e.g. --root /host in a container with the host's / mounted at /host
			  --pretty     indent the JSON
			  Every option of run can also be set as KFLEET_AGENT_<OPTION> (KFLEET_AGENT_STATE_DIR=...).

			Exit codes: 0 done (a report may hold unknown values, each with its reason),
			            1 failed (output not written), 2 wrong command line,
			            3 run cannot start: the state directory is not usable (fix the
			              permissions or the path; a state file it cannot read is set aside).
			""";

	private final Map<String, String> environment;

	private final PrintStream out;

	private final PrintStream err;

	public Cli(Map<String, String> environment, PrintStream out, PrintStream err) {
		this.environment = environment;
		this.out = out;
		this.err = err;
	}

	/**
	 * Runs a command line.
	 * @param args the arguments
	 * @return the exit code
	 */
	public ExitCode run(List<String> args) {
		if (args.isEmpty()) {
			this.err.print(USAGE);
			return ExitCode.USAGE;
		}
		String name = args.getFirst();
		List<String> rest = args.subList(1, args.size());
		try {
			return switch (name) {
				case "collect" -> new CollectCommand().run(rest, this.environment, this.out);
				case "explain" -> new ExplainCommand().run(rest, this.environment, this.out);
				case "bench" -> new BenchCommand().run(rest, this.environment, this.out);
				case "run" -> new RunCommand(this.err).run(rest, this.environment, this.out);
				case "simulate" -> new SimulateCommand(this.err).run(rest, this.environment, this.out);
				case "--help", "-h", "help" -> print(USAGE);
				case "--version", "version" -> print("kfleet-agent " + AgentVersion.current() + "\n");
				default -> throw new UsageException("unknown command '" + name + "'");
			};
		}
		catch (UsageException ex) {
			this.err.println("kfleet-agent: " + ex.getMessage());
			this.err.println("Run 'kfleet-agent --help' for usage.");
			return ExitCode.USAGE;
		}
		catch (RuntimeException ex) {
			this.err.println("kfleet-agent: failed: " + ex);
			return ExitCode.FAILURE;
		}
	}

	private ExitCode print(String text) {
		this.out.print(text);
		return this.out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
	}

}
