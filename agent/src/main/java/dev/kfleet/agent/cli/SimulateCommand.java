package dev.kfleet.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.kfleet.agent.simulator.ClosedLoopBenchmark;
import dev.kfleet.agent.simulator.FaultRates;
import dev.kfleet.agent.simulator.FleetSimulator;
import dev.kfleet.agent.simulator.SimulatorConfig;

/**
 * {@code simulate --server URL --enroll-secret-file F --hosts N --seed S [...]}: a fleet
 * of simulated hosts. The hidden {@code --benchmark ping,unchanged,changed --seconds T}
 * mode measures closed-loop throughput instead.
 */
final class SimulateCommand implements Command {

	static final Set<String> VALUED = Set.of("server", "enroll-secret-file", "hosts", "seed", "interval-seconds",
			"duration", "failure-rate", "offline-rate", "flap-rate", "late-rate", "orphaned-device-rate", "state-file",
			"concurrency", "report-every", "start-period", "benchmark", "seconds", "warmup-seconds", "rounds");

	/** The truth file's options (see {@code TruthFile}). */
	static final Set<String> TRUTH = Set.of("truth-file", "truth-every");

	static final String USAGE = """
			Usage: kfleet-agent simulate --server URL --enroll-secret-file FILE [options]

			A fleet of simulated hosts in this process, each with a modeled kernel, running the
			agent's own client and actions against the service; a summary line every few seconds.

			Options:
			  --server URL              the service's base URL (required)
			  --enroll-secret-file F    the enrollment secret (required)
			  --hosts N                 how many hosts (default 10)
			  --seed S                  the same seed makes the same fleet (default 1)
			  --interval-seconds N      check in on this interval (default: the service's)
			  --duration N              seconds to run (default: until stopped)
			  --start-period N          hosts start evenly over N seconds (default: the interval)
			  --concurrency N           requests in flight at most (default 256)
			  --failure-rate R          fraction of hosts whose actions fail (default 0)
			  --offline-rate R          fraction that go offline for a few intervals now and then (default 0)
			  --flap-rate R             fraction whose report changes at every check-in (default 0)
			  --late-rate R             fraction that check in late now and then (default 0)
			  --orphaned-device-rate R  fraction of VDUSE devices whose back end is gone (default 0)
			  --state-file F            keeps the hosts' tokens and sequences for the next run
			  --report-every N          seconds between summary lines (default 10)
			  --truth-file F            writes what each host's agent knows, every --truth-every N
			  --truth-every N           seconds (default 5) and at the end

			Closed-loop throughput instead (agent/bench/checkin-throughput.sh):
			  --benchmark MODES         ping, unchanged and changed, comma-separated
			  --seconds T               measured seconds per mode (default 30)
			  --warmup-seconds W        seconds before measuring (default 10)
			  --rounds R                rounds over the modes (default 1)
			""";

	private final PrintStream err;

	SimulateCommand(PrintStream err) {
		this.err = err;
	}

	@Override
	public ExitCode run(List<String> args, Map<String, String> environment, PrintStream out) throws UsageException {
		Options options = Options.parse(args, Set.of(),
				Stream.concat(VALUED.stream(), TRUTH.stream()).collect(Collectors.toSet()));
		SimulatorConfig config = config(options, environment);
		try {
			if (options.has("benchmark")) {
				List<String> modes = Arrays.asList(options.value("benchmark").orElseThrow().split(","));
				if (!Set.of("ping", "unchanged", "changed").containsAll(modes)) {
					throw new UsageException("--benchmark takes ping, unchanged and changed, comma-separated");
				}
				new ClosedLoopBenchmark(config, out, Clock.systemUTC()).run(modes,
						Duration.ofSeconds(options.positive("warmup-seconds", 10)),
						Duration.ofSeconds(options.positive("seconds", 30)), (int) options.positive("rounds", 1));
			}
			else {
				FleetSimulator simulator = new FleetSimulator(config, out, Clock.systemUTC());
				if (options.has("truth-file")) {
					simulator.withTruthFile(Path.of(options.value("truth-file").orElseThrow()),
							Duration.ofSeconds(options.positive("truth-every", 5)));
				}
				simulator.run();
			}
			return ExitCode.OK;
		}
		catch (IOException ex) {
			this.err.println("kfleet-agent: simulate: " + ex);
			return ExitCode.FAILURE;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ExitCode.FAILURE;
		}
	}

	@Override
	public String usage() {
		return USAGE;
	}

	private static SimulatorConfig config(Options options, Map<String, String> environment) throws UsageException {
		String server = options.value("server").orElseThrow(() -> new UsageException("--server is required"));
		Path secretFile = options.value("enroll-secret-file")
			.map(Path::of)
			.orElseThrow(() -> new UsageException("--enroll-secret-file is required"));
		String secret;
		try {
			secret = Files.readString(secretFile).strip();
		}
		catch (IOException ex) {
			throw new UsageException("cannot read the enrollment secret file " + secretFile + ": " + ex.getMessage());
		}
		long hosts = options.positive("hosts", 10);
		int concurrency = (int) options.positive("concurrency", 256);
		if (options.has("benchmark")) {
			hosts = Math.max(hosts, concurrency);
		}
		FaultRates rates = new FaultRates(rate(options, "failure-rate"), rate(options, "offline-rate"),
				rate(options, "flap-rate"), rate(options, "late-rate"), rate(options, "orphaned-device-rate"));
		Optional<Duration> interval = options.has("interval-seconds")
				? Optional.of(Duration.ofSeconds(options.positive("interval-seconds", 30))) : Optional.empty();
		Duration startPeriod = Duration
			.ofSeconds(options.positive("start-period", interval.map(Duration::toSeconds).orElse(30L)));
		long seed = Long.parseLong(options.value("seed").orElse("1"));
		return new SimulatorConfig(URI.create(server), secret, (int) hosts, seed, interval,
				Duration.ofSeconds(options.has("duration") ? options.positive("duration", 1) : 0), rates,
				options.value("state-file").map(Path::of), concurrency,
				Duration.ofSeconds(options.positive("report-every", 10)), startPeriod);
	}

	private static double rate(Options options, String name) throws UsageException {
		String value = options.value(name).orElse("0");
		try {
			double rate = Double.parseDouble(value);
			if (rate >= 0 && rate <= 1) {
				return rate;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new UsageException("--" + name + " needs a fraction between 0 and 1, not '" + value + "'");
	}

}
