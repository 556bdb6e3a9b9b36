package dev.kfleet.agent.daemon;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.actions.Modprobe;
import dev.kfleet.agent.actions.ModulesLoadFile;
import dev.kfleet.agent.actions.SysctlDropIn;
import dev.kfleet.agent.server.AgentClient;

/**
 * Everything the daemon is configured with, from flags and {@code KFLEET_AGENT_*}
 * environment variables ({@code kfleet-agent run}) or built by a test.
 *
 * @param server the service's base URL
 * @param enrollSecretFile the file holding the enrollment secret (read when enrolling,
 * trimmed, never logged)
 * @param root where {@code /proc}, {@code /sys} and {@code /etc/machine-id} are read and
 * the kernel tunables written ({@code /} on the host)
 * @param stateDir the directory of {@code state.json}
 * @param sysctlDropIn the sysctl drop-in {@code hvo.set-switch} writes with
 * {@code persist}
 * @param requestTimeout how long one request to the service may take
 * @param maxBackoff the longest wait between attempts after errors (the check-in interval
 * the service gave caps it further)
 * @param clock the clock for reports, results and logs
 * @param hostname the host name to enroll with, when the one under the root is not the
 * host's (in a container, {@code <root>/proc/sys/kernel/hostname} is the container's)
 * @param maxResponseBytes the longest response body the agent reads; a longer one is a
 * failed request
 * @param modulesLoadFile the modules-load.d file {@code vduse.load-modules} writes with
 * {@code persist}
 * @param modprobeSearchPath the directories {@code vduse.load-modules} looks for
 * {@code modprobe} in ({@link Modprobe#SEARCH_PATH}; tests put a stand-in first)
 */
public record AgentConfig(URI server, Path enrollSecretFile, Path root, Path stateDir, Path sysctlDropIn,
		Duration requestTimeout, Duration maxBackoff, Clock clock, Optional<String> hostname, long maxResponseBytes,
		Path modulesLoadFile, List<Path> modprobeSearchPath) {

	/** The default state directory. */
	public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/kfleet-agent");

	/** The default request timeout. */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

	/** The default longest backoff. */
	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

	public AgentConfig {
		modprobeSearchPath = List.copyOf(modprobeSearchPath);
	}

	/**
	 * Returns a configuration with the defaults: root {@code /}, state in
	 * {@code /var/lib/kfleet-agent}, the drop-in
	 * {@code /etc/sysctl.d/90-kfleet-hvo.conf}, a 30 s request timeout, at most 5 min
	 * between retries (and at most the check-in interval), the UTC system clock, response
	 * bodies of at most 1 MiB, the modules-load.d file
	 * {@code /etc/modules-load.d/kfleet-vduse.conf}, {@code modprobe} from
	 * {@code /usr/sbin}, {@code /sbin}, {@code /usr/bin} or {@code /bin}.
	 * @param server the service's base URL
	 * @param enrollSecretFile the enrollment secret file
	 * @return the configuration
	 */
	public static AgentConfig defaults(URI server, Path enrollSecretFile) {
		return new AgentConfig(server, enrollSecretFile, Path.of("/"), DEFAULT_STATE_DIR, SysctlDropIn.DEFAULT,
				DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_BACKOFF, Clock.systemUTC(), Optional.empty(),
				AgentClient.DEFAULT_MAX_RESPONSE_BYTES, ModulesLoadFile.DEFAULT, Modprobe.SEARCH_PATH);
	}

	public AgentConfig withRoot(Path root) {
		return new AgentConfig(this.server, this.enrollSecretFile, root, this.stateDir, this.sysctlDropIn,
				this.requestTimeout, this.maxBackoff, this.clock, this.hostname, this.maxResponseBytes,
				this.modulesLoadFile, this.modprobeSearchPath);
	}

	public AgentConfig withStateDir(Path stateDir) {
		return new AgentConfig(this.server, this.enrollSecretFile, this.root, stateDir, this.sysctlDropIn,
				this.requestTimeout, this.maxBackoff, this.clock, this.hostname, this.maxResponseBytes,
				this.modulesLoadFile, this.modprobeSearchPath);
	}

	public AgentConfig withSysctlDropIn(Path sysctlDropIn) {
		return new AgentConfig(this.server, this.enrollSecretFile, this.root, this.stateDir, sysctlDropIn,
				this.requestTimeout, this.maxBackoff, this.clock, this.hostname, this.maxResponseBytes,
				this.modulesLoadFile, this.modprobeSearchPath);
	}

	public AgentConfig withClock(Clock clock) {
		return new AgentConfig(this.server, this.enrollSecretFile, this.root, this.stateDir, this.sysctlDropIn,
				this.requestTimeout, this.maxBackoff, clock, this.hostname, this.maxResponseBytes, this.modulesLoadFile,
				this.modprobeSearchPath);
	}

	public AgentConfig withHostname(String hostname) {
		return new AgentConfig(this.server, this.enrollSecretFile, this.root, this.stateDir, this.sysctlDropIn,
				this.requestTimeout, this.maxBackoff, this.clock, Optional.of(hostname), this.maxResponseBytes,
				this.modulesLoadFile, this.modprobeSearchPath);
	}

	public AgentConfig withMaxResponseBytes(long maxResponseBytes) {
		return new AgentConfig(this.server, this.enrollSecretFile, this.root, this.stateDir, this.sysctlDropIn,
				this.requestTimeout, this.maxBackoff, this.clock, this.hostname, maxResponseBytes, this.modulesLoadFile,
				this.modprobeSearchPath);
	}

	public AgentConfig withModulesLoadFile(Path modulesLoadFile) {
		return new AgentConfig(this.server, this.enrollSecretFile, this.root, this.stateDir, this.sysctlDropIn,
				this.requestTimeout, this.maxBackoff, this.clock, this.hostname, this.maxResponseBytes, modulesLoadFile,
				this.modprobeSearchPath);
	}

	public AgentConfig withModprobeSearchPath(List<Path> modprobeSearchPath) {
		return new AgentConfig(this.server, this.enrollSecretFile, this.root, this.stateDir, this.sysctlDropIn,
				this.requestTimeout, this.maxBackoff, this.clock, this.hostname, this.maxResponseBytes,
				this.modulesLoadFile, modprobeSearchPath);
	}

	/**
	 * Returns the state file.
	 * @return {@code stateDir/state.json}
	 */
	public Path stateFile() {
		return this.stateDir.resolve("state.json");
	}

}
