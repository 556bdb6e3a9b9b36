package dev.kfleet.agent.simulator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@code kfleet-agent simulate} runs.
 *
 * @param server the service's base URL
 * @param enrollmentSecret the enrollment secret
 * @param hosts how many hosts
 * @param seed the seed every host is made from
 * @param interval the check-in interval to use instead of the service's, if set
 * @param duration how long to run; zero runs until stopped
 * @param rates the share of hosts given each fault
 * @param stateFile where the hosts' enrollments are kept between runs, if anywhere
 * @param concurrency the most requests in flight at once
 * @param reportEvery how often to print a summary line
 * @param startPeriod over how long the hosts start, evenly
 */
public record SimulatorConfig(URI server, String enrollmentSecret, int hosts, long seed, Optional<Duration> interval,
		Duration duration, FaultRates rates, Optional<Path> stateFile, int concurrency, Duration reportEvery,
		Duration startPeriod) {

	@Override
	public String toString() {
		return "SimulatorConfig[server=" + this.server + ", hosts=" + this.hosts + ", seed=" + this.seed + "]";
	}

}
