package dev.kfleet.agent.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * One subcommand of {@code kfleet-agent}.
 */
interface Command {

	/**
	 * Runs the subcommand.
	 * @param args the arguments after the subcommand name
	 * @param environment the process environment
	 * @param out standard output
	 * @return the exit code
	 * @throws UsageException if the arguments are wrong
	 */
	ExitCode run(List<String> args, Map<String, String> environment, PrintStream out) throws UsageException;

	/**
	 * Returns what {@code kfleet-agent <command> --help} prints: the command line and
	 * every option.
	 * @return the usage text
	 */
	String usage();

}
