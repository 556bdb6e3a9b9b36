package dev.kfleet.agent.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.kfleet.agent.actions.AtomicFiles;
import dev.kfleet.agent.server.ServerClient;

/**
 * The simulator's truth file ({@code --truth-file}), rewritten atomically every
 * {@code --truth-every} seconds and at the end, so that a fault script can compare what
 * each simulated host's agent knows with what the service stored. Header lines start with
 * {@code #}: when it was written, the fleet's counts so far (check-ins, full reports,
 * enrollments) and each kind of failed request so far ({@code # failed <operation>
 * <status> <count>}, status 0 when no response arrived). Then one line per host
 * ({@link HostTruth#line()}); a host that has not checked in yet has {@code -} in every
 * column after its machine id.
 */
final class TruthFile {

	static final String HEADER = "# kfleet-agent simulate truth v1";

	private final Path file;

	private final Duration every;

	private final PrintStream out;

	private final Clock clock;

	private final FailureCounts failures = new FailureCounts();

	TruthFile(Path file, Duration every, PrintStream out, Clock clock) {
		this.file = file;
		this.every = every;
		this.out = out;
		this.clock = clock;
	}

	/** The client, counting its failures for the header. */
	ServerClient counting(ServerClient client) {
		return new CountingClient(client, this.failures);
	}

	/** Writes the file every period until closed, and once more when closed. */
	Writing writeEvery(List<SimulatedHost> hosts, FleetStats stats) {
		ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(
				(task) -> Thread.ofPlatform().name("truth-file").daemon().unstarted(task));
		writer.scheduleWithFixedDelay(() -> writeOrSay(hosts, stats), 0, this.every.toMillis(), TimeUnit.MILLISECONDS);
		return () -> {
			writer.shutdownNow();
			try {
				writer.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			writeOrSay(hosts, stats);
		};
	}

	void write(List<SimulatedHost> hosts, FleetStats stats) throws IOException {
		StringBuilder text = new StringBuilder(HEADER).append('\n');
		text.append("# written-at-millis ").append(this.clock.millis()).append('\n');
		text.append("# check-ins ")
			.append(stats.checkIns.sum())
			.append(" full-reports ")
			.append(stats.fullReports.sum())
			.append(" enrollments ")
			.append(stats.enrollments.sum())
			.append('\n');
		this.failures.snapshot()
			.forEach((kind, count) -> text.append("# failed ")
				.append(kind.replace('\t', ' '))
				.append(' ')
				.append(count)
				.append('\n'));
		text.append("# ").append(HostTruth.COLUMNS).append('\n');
		for (SimulatedHost host : hosts) {
			text.append(host.truth().map(HostTruth::line).orElse(host.machineId() + "\t-".repeat(10))).append('\n');
		}
		AtomicFiles.write(this.file, text.toString(), "rw-r--r--");
	}

	private void writeOrSay(List<SimulatedHost> hosts, FleetStats stats) {
		try {
			write(hosts, stats);
		}
		catch (IOException | RuntimeException ex) {
			this.out.println("cannot write the truth file " + this.file + ": " + ex);
		}
	}

	/** The periodic writing, which ends with a last write. */
	interface Writing extends AutoCloseable {

		@Override
		void close();

	}

}
