package dev.kfleet.agent.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.daemon.AgentConfig;
import dev.kfleet.agent.daemon.AgentDaemon;
import dev.kfleet.agent.daemon.CheckInCycle;
import dev.kfleet.agent.daemon.StateStoreException;

/**
 * {@code run --server URL --enroll-secret-file F [--root DIR] [--state-dir DIR]
 * [--sysctl-dropin PATH]}: the daemon. It runs until SIGTERM/SIGINT, logging one line per
 * event to stderr. It exits 3 at once if the state directory is not usable for a reason
 * only a change of configuration fixes (permissions, a wrong path), and 1 for a failure
 * that may pass (a full disk); a state file it cannot read is set aside, not a reason to
 * stop.
 */
final class RunCommand implements Command {

	static final Duration STOP_GRACE = Duration.ofSeconds(60);

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
