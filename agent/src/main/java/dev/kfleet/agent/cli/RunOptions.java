package dev.kfleet.agent.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kfleet.agent.actions.Modprobe;
import dev.kfleet.agent.actions.ModulesLoadFile;
import dev.kfleet.agent.actions.SysctlDropIn;
import dev.kfleet.agent.daemon.AgentConfig;
import dev.kfleet.agent.server.AgentClient;

/**
 * Builds the {@link AgentConfig} of {@code run} from its flags, each of which can also be
 * set by an environment variable ({@code --state-dir} or {@code KFLEET_AGENT_STATE_DIR});
 * a flag wins over the environment.
 */
final class RunOptions {

	static final Set<String> VALUED = Set.of("server", "enroll-secret-file", "root", "state-dir", "sysctl-dropin",
			"modules-load-file", "request-timeout-seconds", "max-backoff-seconds", "hostname", "max-response-bytes");

	/** The smallest response body limit: an answer of the contract is a few KB. */
	static final long MIN_RESPONSE_BYTES = 64 * 1024;

	private RunOptions() {
	}

	static AgentConfig parse(List<String> args, Map<String, String> environment) throws UsageException {
		Options options = Options.parse(args, Set.of(), VALUED);
		URI server = server(required(options, environment, "server"));
		Path secret = path(required(options, environment, "enroll-secret-file"));
		Path stateDir = value(options, environment, "state-dir").map(RunOptions::path)
			.orElse(AgentConfig.DEFAULT_STATE_DIR);
		Path dropIn = value(options, environment, "sysctl-dropin").map(RunOptions::path).orElse(SysctlDropIn.DEFAULT);
		Path modulesLoadFile = value(options, environment, "modules-load-file").map(RunOptions::path)
			.orElse(ModulesLoadFile.DEFAULT);
		Duration timeout = Duration.ofSeconds(seconds(options, environment, "request-timeout-seconds",
				AgentConfig.DEFAULT_REQUEST_TIMEOUT.toSeconds()));
		Duration maxBackoff = Duration.ofSeconds(
				seconds(options, environment, "max-backoff-seconds", AgentConfig.DEFAULT_MAX_BACKOFF.toSeconds()));
		long maxResponse = seconds(options, environment, "max-response-bytes", AgentClient.DEFAULT_MAX_RESPONSE_BYTES);
		if (maxResponse < MIN_RESPONSE_BYTES) {
			throw new UsageException(
					"--max-response-bytes needs at least " + MIN_RESPONSE_BYTES + " bytes, not " + maxResponse);
		}
		return new AgentConfig(server, secret, options.root(environment), stateDir, dropIn, timeout, maxBackoff,
				Clock.systemUTC(), hostname(options, environment), maxResponse, modulesLoadFile, Modprobe.SEARCH_PATH);
	}

	private static Optional<String> hostname(Options options, Map<String, String> environment) throws UsageException {
		Optional<String> hostname = value(options, environment, "hostname").map(String::strip);
		if (hostname.isPresent() && (hostname.get().codePointCount(0, hostname.get().length()) > 253
				|| hostname.get().chars().anyMatch((c) -> c < 0x20 || c == 0x7f))) {
			throw new UsageException("--hostname needs at most 253 characters and no control character");
		}
		return hostname;
	}

	static String environmentName(String option) {
		return "KFLEET_AGENT_" + option.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
	}

	private static Optional<String> value(Options options, Map<String, String> environment, String name) {
		return options.value(name)
			.or(() -> Optional.ofNullable(environment.get(environmentName(name))))
			.filter((v) -> !v.isBlank());
	}

	private static String required(Options options, Map<String, String> environment, String name)
			throws UsageException {
		Optional<String> value = value(options, environment, name);
		if (value.isEmpty()) {
			throw new UsageException("--" + name + " (or " + environmentName(name) + ") is required");
		}
		return value.get();
	}

	private static long seconds(Options options, Map<String, String> environment, String name, long defaultValue)
			throws UsageException {
		Optional<String> value = value(options, environment, name);
		if (value.isEmpty()) {
			return defaultValue;
		}
		try {
			long seconds = Long.parseLong(value.get());
			if (seconds > 0) {
				return seconds;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new UsageException("--" + name + " needs a positive whole number, not '" + value.get() + "'");
	}

	private static URI server(String text) throws UsageException {
		try {
			URI uri = new URI(text);
			if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
				throw new UsageException("--server needs an http:// or https:// URL, not '" + text + "'");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new UsageException("--server is not a URL: " + ex.getMessage());
		}
	}

	private static Path path(String text) {
		return Path.of(System.getProperty("kfleet.agent.cwd", "")).resolve(text);
	}

}
