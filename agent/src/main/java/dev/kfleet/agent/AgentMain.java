package dev.kfleet.agent;

/**
 * Entry point of the kfleet agent.
 */
public final class AgentMain {

	private AgentMain() {
	}

	public static void main(String[] args) {
		System.out.println("kfleet-agent");
	}

}
