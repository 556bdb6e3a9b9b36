package dev.kfleet.agent;

import java.util.List;

import dev.kfleet.agent.cli.Cli;

/**
 * Entry point of the kfleet agent: {@code kfleet-agent <command> [options]}.
 */
public final class AgentMain {

	private AgentMain() {
	}

	public static void main(String[] args) {
		System.exit(new Cli(System.getenv(), System.out, System.err).run(List.of(args)).code());
	}

}
