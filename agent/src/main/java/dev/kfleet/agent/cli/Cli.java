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
			  apply --actions JSON [--root DIR] [--sysctl-dropin PATH] [--modules-load-file PATH]
			                                    apply actions now, without a service; print the results
			  run --server URL --enroll-secret-file FILE [--root DIR] [--state-dir DIR]
			      [--sysctl-dropin PATH] [--modules-load-file PATH] [--hostname NAME]
			      [--request-timeout-seconds N] [--max-backoff-seconds N] [--max-response-bytes N]
			                                    the daemon: enroll, check in, apply desired state
			  simulate --server URL --enroll-secret-file FILE --hosts N --seed S [...]
			                                    a fleet of N simulated hosts
			  state-dir --state-dir DIR --owner UID:GID
			                                    give a state directory to a non-root agent (as root)
			  help [COMMAND], --help            print this text, or a command's options
			  --version, version                print the agent's version

			Every command prints its options with --help (kfleet-agent simulate --help).

			Options:
			  --root DIR   read /proc, /sys and /boot under DIR (default: $KFLEET_AGENT_ROOT, else /),
			               e.g. --root /host in a container with the host's / mounted at /host
			  --pretty     indent the JSON
			  Every option of run can also be set as KFLEET_AGENT_<OPTION> (KFLEET_AGENT_STATE_DIR=...).

			Exit codes: 0 done (a report may hold unknown values, each with its reason),
			            1 failed (output not written), 2 wrong command line,
			            3 run cannot start: the state directory is not usable (fix the
			              permissions or the path; a state file it cannot read is set aside),
			            4 apply: an action failed or was refused (its result says why).
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
				case "--help", "-h", "help" -> print(rest.isEmpty() ? USAGE : command(rest.getFirst()).usage());
				case "--version", "version" ->
					print(asksForHelp(rest) ? USAGE : "kfleet-agent " + AgentVersion.current() + "\n");
				default -> run(command(name), rest);
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

	private ExitCode run(Command command, List<String> args) throws UsageException {
		return asksForHelp(args) ? print(command.usage()) : command.run(args, this.environment, this.out);
	}

	private Command command(String name) throws UsageException {
		return switch (name) {
			case "collect" -> new CollectCommand();
			case "explain" -> new ExplainCommand();
			case "apply" -> new ApplyCommand();
			case "bench" -> new BenchCommand();
			case "run" -> new RunCommand(this.err);
			case "simulate" -> new SimulateCommand(this.err);
			case "state-dir" -> new StateDirCommand(this.err);
			default -> throw new UsageException("unknown command '" + name + "'");
		};
	}

	/** {@code --help} or {@code -h} anywhere after the command asks for its usage. */
	private static boolean asksForHelp(List<String> args) {
		return args.contains("--help") || args.contains("-h");
	}

	private ExitCode print(String text) {
		this.out.print(text);
		return this.out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
	}

}
