package dev.kfleet.agent.cli;

/**
 * The exit codes of {@code kfleet-agent}. A report with unknown values is still a
 * success: the unknowns and their reasons are part of the report.
 */
public enum ExitCode {

	/** The command did its work (a report may contain unknown values). */
	OK(0),

	/** The command failed: nothing or only part of the output was written. */
	FAILURE(1),

	/** The command line was wrong: unknown command or option, missing or bad value. */
	USAGE(2),

	/**
	 * {@code run} cannot start: the state directory is not usable for a reason only a
	 * change of configuration fixes, such as permissions or a path that is not a
	 * directory (the message names the path, the cause and what to do). A state file that
	 * cannot be read is set aside instead.
	 */
	STATE(3),

	/**
	 * {@code apply} applied its actions, and one of them failed or was refused: the
	 * results it printed say why.
	 */
	NOT_APPLIED(4);

	private final int code;

	ExitCode(int code) {
		this.code = code;
	}

	/**
	 * Returns the process exit status.
	 * @return the status
	 */
	public int code() {
		return this.code;
	}

}
