package dev.kfleet.agent.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.actions.ModulesLoadFile;
import dev.kfleet.agent.actions.SysctlDropIn;
import dev.kfleet.agent.daemon.AgentConfig;
import dev.kfleet.agent.daemon.AgentDaemon;
import dev.kfleet.agent.daemon.CheckInCycle;
import dev.kfleet.agent.daemon.StateStoreException;
import dev.kfleet.agent.server.AgentClient;

/**
 * {@code run --server URL --enroll-secret-file F [--root DIR] [--state-dir DIR]
 * [--sysctl-dropin PATH] [--modules-load-file PATH]}: the daemon. It runs until
 * SIGTERM/SIGINT, logging one line per event to stderr. It exits 3 at once if the state
 * directory is not usable for a reason only a change of configuration fixes (permissions,
 * a wrong path), and 1 for a failure that may pass (a full disk); a state file it cannot
 * read is set aside, not a reason to stop.
 */
final class RunCommand implements Command {

	static final Duration STOP_GRACE = Duration.ofSeconds(60);

	static final String USAGE = """
			Usage: kfleet-agent run --server URL --enroll-secret-file FILE [options]

			The daemon: enrolls this host, checks in on the interval the service gives and applies
			the desired state it hands out, until SIGTERM or SIGINT; one log line per event on stderr.

			Every option can also be set as KFLEET_AGENT_<OPTION> (KFLEET_AGENT_STATE_DIR=...); a flag
			wins over its variable.

			Options:
			  --server URL                  the service's base URL, http:// or https:// (required)
			  --enroll-secret-file FILE     the enrollment secret, read when enrolling (required)
			  --root DIR                    read /proc, /sys and /boot under DIR (default /)
			  --state-dir DIR               where state.json is kept (default %s)
			  --sysctl-dropin PATH          what hvo.set-switch writes to persist (default %s)
			  --modules-load-file PATH      what vduse.load-modules writes to persist (default %s)
			  --hostname NAME               the host name to enroll with (default: the kernel's)
			  --request-timeout-seconds N   the longest one request takes (default %d)
			  --max-backoff-seconds N       the longest wait between attempts after errors (default %d)
			  --max-response-bytes N        the longest answer read, at least %d (default %d)

			Exit codes: 0 stopped by SIGTERM/SIGINT, 1 failed (may pass: restart it),
			            2 wrong command line, 3 the state directory is not usable (fix the
			            permissions or the path).
			""".formatted(AgentConfig.DEFAULT_STATE_DIR, SysctlDropIn.DEFAULT, ModulesLoadFile.DEFAULT,
			AgentConfig.DEFAULT_REQUEST_TIMEOUT.toSeconds(), AgentConfig.DEFAULT_MAX_BACKOFF.toSeconds(),
			RunOptions.MIN_RESPONSE_BYTES, AgentClient.DEFAULT_MAX_RESPONSE_BYTES);

	private final PrintStream err;

	RunCommand(PrintStream err) {
		this.err = err;
	}

	@Override
	public ExitCode run(List<String> args, Map<String, String> environment, PrintStream out) throws UsageException {
		AgentConfig config = RunOptions.parse(args, environment);
		try (CheckInCycle cycle = CheckInCycle.open(config, this.err)) {
			AgentDaemon daemon = new AgentDaemon(cycle);
			Thread hook = new Thread(() -> stop(daemon), "kfleet-agent-stop");
			Runtime.getRuntime().addShutdownHook(hook);
			daemon.run();
			return ExitCode.OK;
		}
		catch (StateStoreException ex) {
			this.err.println("kfleet-agent: " + ex.getMessage());
			return ex.restartable() ? ExitCode.FAILURE : ExitCode.STATE;
		}
		catch (OutOfMemoryError ex) {
			// Exit 1 (restarted by the systemd unit): the JVM's own
			// -XX:+ExitOnOutOfMemoryError
			// would exit 3, which means "fix the configuration".
			this.err.println("kfleet-agent: failed: out of memory");
			return ExitCode.FAILURE;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ExitCode.OK;
		}
	}

	@Override
	public String usage() {
		return USAGE;
	}

	private static void stop(AgentDaemon daemon) {
		daemon.stop();
		try {
			daemon.awaitFinished(STOP_GRACE);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
