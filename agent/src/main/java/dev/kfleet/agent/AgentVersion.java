package dev.kfleet.agent;

/**
 * The agent's version, from the jar manifest.
 */
public final class AgentVersion {

	private AgentVersion() {
	}

	/**
	 * Returns the version.
	 * @return the {@code Implementation-Version} of the jar, or {@code dev} when run from
	 * classes
	 */
	public static String current() {
		String version = AgentVersion.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "dev";
	}

}
