package dev.kfleet.agent.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.kfleet.agent.server.AgentClient;
import dev.kfleet.agent.server.ServerClient;

/**
 * Runs a simulated fleet: one virtual thread per host, each checking in on its interval
 * (the service's, or {@code --interval-seconds}) with the faults it was given, through
 * one shared {@link AgentClient} bounded to {@code --concurrency} requests in flight.
 * Prints a summary line every period and a final one, and keeps the enrollments in the
 * state file.
 */
public final class FleetSimulator {

	private final SimulatorConfig config;

	private final PrintStream out;

	private final Clock clock;

	private final FleetStats stats = new FleetStats();

	private Optional<TruthFile> truthFile = Optional.empty();

	public FleetSimulator(SimulatorConfig config, PrintStream out, Clock clock) {
		this.config = config;
		this.out = out;
		this.clock = clock;
	}

	/**
	 * Also writes each host's truth to {@code file} every period and at the end (see
	 * {@link TruthFile}).
	 * @param file the truth file
	 * @param every how often to write it
	 * @return this simulator
	 */
	public FleetSimulator withTruthFile(Path file, Duration every) {
		this.truthFile = Optional.of(new TruthFile(file, every, this.out, this.clock));
		return this;
	}

	/**
	 * Runs until the duration is over (or forever when it is zero) or the thread is
	 * interrupted.
	 * @return the final summary line
	 * @throws IOException if the state file cannot be read or written
	 */
	public String run() throws IOException {
		FleetFactory factory = new FleetFactory(this.config.seed(), this.config.rates());
		List<SimulatedHost> hosts = IntStream.range(0, this.config.hosts()).mapToObj(factory::host).toList();
		Map<String, String[]> saved = (this.config.stateFile().isPresent())
				? SimulatorStateFile.load(this.config.stateFile().get()) : Map.of();
		hosts.forEach((host) -> SimulatorStateFile.restore(host, saved));
		this.out.println("simulating " + hosts.size() + " hosts (seed " + this.config.seed() + ", " + saved.size()
				+ " enrollments from the state file) against " + this.config.server());
		long started = System.nanoTime();
		try (HttpClient http = AgentClient.newHttpClient(Duration.ofSeconds(10),
				Executors.newVirtualThreadPerTaskExecutor())) {
			ServerClient agent = new AgentClient(http, this.config.server(), Duration.ofSeconds(30));
			ServerClient client = new BoundedClient(this.truthFile.map((t) -> t.counting(agent)).orElse(agent),
					this.config.concurrency(), this.stats);
			try (TruthFile.Writing truth = this.truthFile.map((t) -> t.writeEvery(hosts, this.stats)).orElse(() -> {
			})) {
				runHosts(hosts, client, started);
			}
		}
		String summary = this.stats.finalLine(Duration.ofNanos(System.nanoTime() - started));
		this.out.println(summary);
		if (this.config.stateFile().isPresent()) {
			SimulatorStateFile.save(this.config.stateFile().get(), hosts);
		}
		return summary;
	}

	FleetStats stats() {
		return this.stats;
	}

	private void runHosts(List<SimulatedHost> hosts, ServerClient client, long started) {
		long deadline = this.config.duration().isZero() ? Long.MAX_VALUE : started + this.config.duration().toNanos();
		ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
		HostLoop loop = new HostLoop(this.config, client, this.clock, this.stats, deadline);
		hosts.forEach((host) -> threads.submit(() -> loop.run(host)));
		try {
			reportUntil(deadline, started);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			threads.shutdownNow();
			try {
				threads.awaitTermination(40, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void reportUntil(long deadline, long started) throws InterruptedException {
		long period = this.config.reportEvery().toNanos();
		long next = started + period;
		while (System.nanoTime() < deadline) {
			long wait = Math.min(next, deadline) - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			if (System.nanoTime() >= next) {
				this.out.println(this.stats.periodLine(Duration.ofNanos(System.nanoTime() - started),
						this.config.reportEvery()));
				next += period;
			}
		}
	}

}
