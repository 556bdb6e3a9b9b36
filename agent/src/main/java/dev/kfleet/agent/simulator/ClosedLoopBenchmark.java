package dev.kfleet.agent.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

import dev.kfleet.agent.server.AgentClient;
import dev.kfleet.agent.server.ServerClient;
import dev.kfleet.agent.server.ServerException;

/**
 * The closed-loop throughput measurement behind {@code simulate --benchmark}: C virtual
 * threads, each owning its own hosts (so sequences never race), send requests back to
 * back for a warm-up and then a measured period, per mode: {@code ping} (the no-op
 * endpoint), {@code unchanged} (check-ins with the report's hash only) and
 * {@code changed} (check-ins whose report changed, so the full report goes each time).
 * Same generator, same concurrency, same service, one run; the ratios to {@code ping} are
 * printed.
 */
public final class ClosedLoopBenchmark {

	private final SimulatorConfig config;

	private final PrintStream out;

	private final Clock clock;

	public ClosedLoopBenchmark(SimulatorConfig config, PrintStream out, Clock clock) {
		this.config = config;
		this.out = out;
		this.clock = clock;
	}

	/**
	 * Enrolls the hosts (or takes them from the state file), sends each one full report,
	 * then measures each mode in turn.
	 * @param modes the modes, in order
	 * @param warmup the warm-up per mode
	 * @param measured the measured time per mode
	 * @return requests per second per mode
	 * @throws IOException if the state file cannot be read or written
	 * @throws InterruptedException if interrupted
	 */
	public Map<String, Double> run(List<String> modes, Duration warmup, Duration measured, int rounds)
			throws IOException, InterruptedException {
		FleetFactory factory = new FleetFactory(this.config.seed(), FaultRates.NONE);
		List<SimulatedHost> hosts = IntStream.range(0, this.config.hosts()).mapToObj(factory::host).toList();
		if (this.config.stateFile().isPresent()) {
			Map<String, String[]> saved = SimulatorStateFile.load(this.config.stateFile().get());
			hosts.forEach((host) -> SimulatorStateFile.restore(host, saved));
		}
		Map<String, List<Double>> rates = new LinkedHashMap<>();
		try (HttpClient http = AgentClient.newHttpClient(Duration.ofSeconds(10),
				Executors.newVirtualThreadPerTaskExecutor())) {
			ServerClient client = new AgentClient(http, this.config.server(), Duration.ofSeconds(30));
			prepare(hosts, client);
			if (this.config.stateFile().isPresent()) {
				SimulatorStateFile.save(this.config.stateFile().get(), hosts);
			}
			for (String mode : modes) {
				measure("warm-up " + mode, mode, hosts, client, Duration.ZERO, warmup);
			}
			for (int round = 1; round <= rounds; round++) {
				for (String mode : modes) {
					rates.computeIfAbsent(mode, (m) -> new ArrayList<>())
						.add(measure("round " + round + " " + mode, mode, hosts, client, Duration.ZERO, measured));
				}
			}
		}
		Map<String, Double> medians = new LinkedHashMap<>();
		rates.forEach((mode, list) -> medians.put(mode, median(list)));
		printRatios(medians, rates);
		return medians;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private void prepare(List<SimulatedHost> hosts, ServerClient client) throws InterruptedException {
		runAll(hosts, (host) -> {
			if (!host.enrolled()) {
				host.enroll(client, this.config.enrollmentSecret());
			}
			host.checkIn(client, this.clock, false);
		});
		this.out.println("prepared " + hosts.size() + " hosts (enrolled, one full report each)");
	}

	private double measure(String label, String mode, List<SimulatedHost> hosts, ServerClient client, Duration warmup,
			Duration measured) throws InterruptedException {
		int workers = this.config.concurrency();
		LongAdder count = new LongAdder();
		LongAdder errors = new LongAdder();
		AtomicReference<String> firstError = new AtomicReference<>("none");
		LatencyHistogram latencies = new LatencyHistogram();
		long start = System.nanoTime();
		long measureFrom = start + warmup.toNanos();
		long end = measureFrom + measured.toNanos();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int w = 0; w < workers; w++) {
				List<SimulatedHost> own = own(hosts, w, workers);
				threads.submit(() -> worker(mode, own, client, measureFrom, end,
						new Counters(count, errors, firstError), latencies));
			}
		}
		double seconds = measured.toNanos() / 1e9;
		double rate = count.sum() / seconds;
		this.out.println(String.format(Locale.ROOT,
				"benchmark %s concurrency=%d hosts=%d seconds=%.0f requests=%d errors=%d rate=%.1f/s p50=%s p99=%s%s",
				label, workers, hosts.size(), seconds, count.sum(), errors.sum(), rate,
				FleetStats.millis(latencies.percentile(50)), FleetStats.millis(latencies.percentile(99)),
				(errors.sum() > 0) ? " first-error=\"" + firstError.get() + "\"" : ""));
		return rate;
	}

	private void worker(String mode, List<SimulatedHost> own, ServerClient client, long measureFrom, long end,
			Counters counters, LatencyHistogram latencies) {
		int next = 0;
		while (System.nanoTime() < end) {
			SimulatedHost host = own.get(next++ % own.size());
			long begin = System.nanoTime();
			try {
				Optional<String> offMode = switch (mode) {
					case "ping" -> {
						host.ping(client);
						yield Optional.empty();
					}
					case "unchanged" -> offMode(host.checkIn(client, this.clock, false), false);
					case "changed" -> offMode(host.checkIn(client, this.clock, true), true);
					default -> throw new IllegalArgumentException("unknown mode " + mode);
				};
				if (offMode.isPresent()) {
					counters.errors().increment();
					counters.firstError().compareAndSet("none", offMode.get());
				}
				else if (begin >= measureFrom && System.nanoTime() <= end) {
					counters.count().increment();
					latencies.record(System.nanoTime() - begin);
				}
			}
			catch (ServerException ex) {
				counters.errors().increment();
				counters.firstError().compareAndSet("none", ex.getMessage());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/**
	 * Why a check-in is not one of its mode's, if it is not: a mode's rate counts only
	 * check-ins the service accepted, with the full report in {@code changed} and the
	 * hash alone in {@code unchanged}. Any other is counted as an error, so that a
	 * refused or misrouted check-in can never make a mode look faster.
	 */
	static Optional<String> offMode(SimulatedHost.Exchange exchange, boolean fullReport) {
		if (!exchange.response().accepted()) {
			return Optional.of("check-in " + exchange.request().sequence() + " not accepted");
		}
		if (exchange.request().reportJson().isPresent() != fullReport) {
			return Optional.of((fullReport ? "a check-in without its report" : "a full report")
					+ " in a mode that measures the other kind");
		}
		return Optional.empty();
	}

	private void printRatios(Map<String, Double> medians, Map<String, List<Double>> rates) {
		Double ping = medians.get("ping");
		medians.forEach((mode, rate) -> this.out.println(String.format(Locale.ROOT, "median %s = %.1f/s of %s", mode,
				rate, rates.get(mode).stream().map((r) -> String.format(Locale.ROOT, "%.1f", r)).toList())));
		if (ping == null || ping == 0) {
			return;
		}
		List<Double> pings = rates.get("ping");
		medians.forEach((mode, rate) -> {
			if (!mode.equals("ping")) {
				// The ratio of the medians, and each round's (its modes ran one after the
				// other, so a drifting machine shows as a spread between rounds).
				List<Double> mine = rates.get(mode);
				String rounds = IntStream.range(0, Math.min(mine.size(), pings.size()))
					.mapToObj((i) -> String.format(Locale.ROOT, "%.3f", mine.get(i) / pings.get(i)))
					.toList()
					.toString();
				this.out.println(
						String.format(Locale.ROOT, "ratio %s/ping = %.3f (each round: %s)", mode, rate / ping, rounds));
			}
		});
	}

	private static List<SimulatedHost> own(List<SimulatedHost> hosts, int worker, int workers) {
		List<SimulatedHost> own = new ArrayList<>();
		for (int i = worker; i < hosts.size(); i += workers) {
			own.add(hosts.get(i));
		}
		return own;
	}

	private void runAll(List<SimulatedHost> hosts, HostTask task) throws InterruptedException {
		LongAdder failures = new LongAdder();
		try (ExecutorService threads = Executors.newFixedThreadPool(Math.min(64, this.config.concurrency()),
				Thread.ofVirtual().factory())) {
			for (SimulatedHost host : hosts) {
				threads.submit(() -> {
					try {
						task.run(host);
					}
					catch (ServerException ex) {
						failures.increment();
					}
					return null;
				});
			}
			threads.shutdown();
			threads.awaitTermination(1, TimeUnit.HOURS);
		}
		if (failures.sum() > 0) {
			throw new IllegalStateException(failures.sum() + " hosts could not be prepared");
		}
	}

	private record Counters(LongAdder count, LongAdder errors, AtomicReference<String> firstError) {
	}

	@FunctionalInterface
	private interface HostTask {

		void run(SimulatedHost host) throws ServerException, InterruptedException;

	}

}
