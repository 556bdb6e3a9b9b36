package dev.kfleet.agent.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.kfleet.agent.daemon.Backoff;
import dev.kfleet.agent.server.Bounds;
import dev.kfleet.agent.server.CheckInProtocol;
import dev.kfleet.agent.server.Enrollment;
import dev.kfleet.agent.server.ServerClient;
import dev.kfleet.agent.server.ServerException;

/**
 * The life of one simulated host on its virtual thread: start at a random moment of the
 * start period, then enroll if needed, check in, wait what the daemon's {@link Backoff}
 * says (the interval; a wait spread over an interval after failures or a held check-in;
 * the capped, jittered backoff after an error), with the host's faults: offline for 3–10
 * intervals now and then, late by half to twice an interval now and then.
 */
final class HostLoop {

	static final double OFFLINE_CHANCE = 0.02;

	static final double LATE_CHANCE = 0.2;

	private final SimulatorConfig config;

	private final ServerClient client;

	private final Clock clock;

	private final FleetStats stats;

	private final long deadline;

	HostLoop(SimulatorConfig config, ServerClient client, Clock clock, FleetStats stats, long deadline) {
		this.config = config;
		this.client = client;
		this.clock = clock;
		this.stats = stats;
		this.deadline = deadline;
	}

	void run(SimulatedHost host) {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), host.random());
		this.config.interval().ifPresent(backoff::interval);
		try {
			sleep((long) (host.random().nextDouble() * this.config.startPeriod().toNanos()));
			while (System.nanoTime() < this.deadline) {
				sleep(cycle(host, backoff).toNanos());
			}
		}
		catch (InterruptedException ex) {
			// the run is over
		}
	}

	private Duration cycle(SimulatedHost host, Backoff backoff) throws InterruptedException {
		try {
			SimulatedHost.Exchange exchange;
			long took;
			synchronized (host) {
				if (!host.enrolled()) {
					Enrollment enrollment = host.enroll(this.client, this.config.enrollmentSecret());
					backoff
						.interval(this.config.interval().orElse(Bounds.interval(enrollment.checkInIntervalSeconds())));
				}
				long start = System.nanoTime();
				exchange = host.checkIn(this.client, this.clock, false);
				took = System.nanoTime() - start;
			}
			exchange.results().forEach(this.stats::applied);
			Duration interval = this.config.interval().orElse(exchange.response().nextCheckIn());
			return CheckInProtocol.nextWait(withFaults(host, backoff.afterSuccess(interval, Duration.ofNanos(took))),
					!exchange.results().isEmpty());
		}
		catch (ServerException ex) {
			this.stats.failed(ex);
			return backoff.next(ex.retryAfter());
		}
	}

	private Duration withFaults(SimulatedHost host, Duration interval) {
		if (host.faults().goesOffline() && host.random().nextDouble() < OFFLINE_CHANCE) {
			this.stats.offline.increment();
			return interval.multipliedBy(3 + host.random().nextInt(8));
		}
		if (host.faults().late() && host.random().nextDouble() < LATE_CHANCE) {
			return interval.plusMillis((long) (interval.toMillis() * (0.5 + 1.5 * host.random().nextDouble())));
		}
		return interval;
	}

	private void sleep(long nanos) throws InterruptedException {
		long until = Math.min(this.deadline, System.nanoTime() + nanos) - System.nanoTime();
		if (until > 0) {
			TimeUnit.NANOSECONDS.sleep(until);
		}
	}

}
