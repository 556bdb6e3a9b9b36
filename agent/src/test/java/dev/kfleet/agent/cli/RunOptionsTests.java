package dev.kfleet.agent.cli;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kfleet.agent.daemon.AgentConfig;

import static org.assertj.core.api.Assertions.assertThat;

class RunOptionsTests {

	static final List<String> REQUIRED = List.of("--server", "http://kfleet:8080", "--enroll-secret-file", "/etc/s");

	@Test
	void theHostNameComesFromTheFlagElseTheEnvironmentElseTheRoot() throws UsageException {
		AgentConfig flag = RunOptions.parse(concat(REQUIRED, "--hostname", "node-7"),
				Map.of("KFLEET_AGENT_HOSTNAME", "from-env"));
		AgentConfig environment = RunOptions.parse(REQUIRED, Map.of("KFLEET_AGENT_HOSTNAME", " node-8 "));
		AgentConfig neither = RunOptions.parse(REQUIRED, Map.of());
		assertThat(flag.hostname()).contains("node-7");
		assertThat(environment.hostname()).contains("node-8");
		assertThat(neither.hostname()).isEmpty();
	}

	private static List<String> concat(List<String> first, String... more) {
		return java.util.stream.Stream.concat(first.stream(), java.util.Arrays.stream(more)).toList();
	}

}
