package dev.kfleet.rollouts;

import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.kfleet.platform.Text;

/**
 * The transitions that touch a rollout's hosts as well as its row (ending it, rolling it
 * back), shared by operators' operations and the reconciler, and what every transition
 * leaves: a log line and the {@code kfleet.rollouts.transitions} counter. The caller
 * holds the rollout's row lock and writes the row.
 */
@Component
class RolloutTransitions {

	private static final Logger log = LoggerFactory.getLogger(RolloutTransitions.class);

	private final RolloutHostRepository hosts;

	private final MeterRegistry meters;

	RolloutTransitions(RolloutHostRepository hosts, MeterRegistry meters) {
		this.hosts = hosts;
		this.meters = meters;
		// Counted from zero, every feature, budget and halt action: an alert on the
		// counter's increase must see the first halt.
		for (Feature feature : Feature.values()) {
			for (String budget : new String[] { "per-wave", "overall" }) {
				for (RolloutSpec.HaltAction action : RolloutSpec.HaltAction.values()) {
					halts(feature.value(), budget, action.value());
				}
			}
		}
	}

	/** Ends the rollout: its pending hosts are skipped and no host is held any longer. */
	Rollout end(Rollout rollout, RolloutState state, String reason, Instant now) {
		this.hosts.skipPending(rollout.id(), "the rollout ended (" + state.value() + ") before it was asked", now);
		this.hosts.release(rollout.id());
		return rollout.moved(state, null, reason, now);
	}

	/**
	 * Starts rolling back every host the rollout asked, at once; a rollout that asked no
	 * host is rolled back at once.
	 */
	Rollout rollBack(Rollout rollout, String reason, Instant now) {
		int touched = this.hosts.startRollback(rollout.id(), !rollout.state().isActive(), now);
		if (touched == 0) {
			return end(rollout, RolloutState.ROLLED_BACK, reason + "; no host had been asked", now);
		}
		return rollout.moved(RolloutState.ROLLING_BACK, null, reason + " (" + touched + " hosts)", now);
	}

	/** Logs and counts the rollout's move to the state it is in now. */
	void counted(Rollout rollout) {
		log.info("Rollout {} ('{}', {}) is {}{}: {}", rollout.id(), Text.escapeControlCharacters(rollout.spec().name()),
				rollout.spec().feature().value(), rollout.state().value(),
				(rollout.phase() != null) ? " (" + rollout.phase().value() + ", wave " + rollout.wave() + ")" : "",
				Text.escapeControlCharacters(rollout.reason()));
		Counter.builder("kfleet.rollouts.transitions")
			.description("Rollouts' moves to a state, by feature and the state moved to")
			.tag("feature", rollout.spec().feature().value())
			.tag("state", rollout.state().value())
			.register(this.meters)
			.increment();
	}

	/** Counts a halt: a failure budget exceeded. */
	void halted(Rollout rollout, String budget) {
		halts(rollout.spec().feature().value(), budget, rollout.spec().haltAction().value()).increment();
	}

	private Counter halts(String feature, String budget, String action) {
		return Counter.builder("kfleet.rollouts.halts")
			.description("Rollouts halted by an exceeded failure budget, by feature, budget and halt action")
			.tag("feature", feature)
			.tag("budget", budget)
			.tag("action", action)
			.register(this.meters);
	}

}
