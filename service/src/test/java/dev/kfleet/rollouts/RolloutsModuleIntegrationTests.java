package dev.kfleet.rollouts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;

import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;
import dev.kfleet.desiredstate.ActionRequest;
import dev.kfleet.desiredstate.ActionResult;
import dev.kfleet.desiredstate.DesiredState;
import dev.kfleet.desiredstate.DesiredStateOwner;
import dev.kfleet.desiredstate.DesiredStateService;
import dev.kfleet.desiredstate.SetOutcome;
import dev.kfleet.hosts.HostService;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.FleetJob;
import dev.kfleet.platform.FleetSnapshots;
import dev.kfleet.platform.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rollouts module with the modules it depends on (and theirs): a rollout asks its
 * host through the desired-state module as its owner, holds the host against an
 * operator's write, and completes when the agent's result and the observed state show the
 * target.
 */
@KfleetModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES)
@Import({ StandIns.NoApiTokens.class, StandIns.InventoryRepresentation.class })
class RolloutsModuleIntegrationTests {

	static final ApiPrincipal OPERATOR = new ApiPrincipal("module-test-operator", Role.OPERATOR, null);

	private final RolloutService rollouts;

	private final RolloutReconciler reconciler;

	private final RolloutRepository repository;

	private final DesiredStateService desiredStates;

	private final HostService hosts;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final FleetJob gaugesJob;

	private final RolloutMetrics metrics;

	private final FleetSnapshots snapshots;

	private final MeterRegistry meters;

	RolloutsModuleIntegrationTests(RolloutService rollouts, RolloutReconciler reconciler, RolloutRepository repository,
			DesiredStateService desiredStates, HostService hosts, JdbcClient jdbc, TransactionTemplate transaction,
			@Qualifier("rolloutGaugesJob") FleetJob gaugesJob, RolloutMetrics metrics, FleetSnapshots snapshots,
			MeterRegistry meters) {
		this.snapshots = snapshots;
		this.gaugesJob = gaugesJob;
		this.metrics = metrics;
		this.meters = meters;
		this.rollouts = rollouts;
		this.reconciler = reconciler;
		this.repository = repository;
		this.desiredStates = desiredStates;
		this.hosts = hosts;
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	@Test
	void aRolloutAsksItsHostAsItsOwnerHoldsItAndCompletesWhenTheHostShowsTheTarget() {
		UUID host = host();
		RolloutSpec spec = new RolloutSpec("module", Feature.HVO, new Feature.Target(true, false), null, List.of(host),
				List.of(WaveStep.parse("100%")), FailureBudget.NONE, FailureBudget.NONE, RolloutSpec.HaltAction.PAUSE,
				java.time.Duration.ofMinutes(10), java.time.Duration.ZERO, false, null);
		Rollout created = this.rollouts.create(spec, OPERATOR);
		this.reconciler.reconcileAll();

		DesiredState asked = this.desiredStates.currentFor(host);
		assertThat(asked.actions()).singleElement()
			.satisfies((action) -> assertThat(action.type()).isEqualTo("hvo.set-switch"));
		Map<UUID, SetOutcome> operator = this.desiredStates.set(DesiredStateOwner.of(OPERATOR),
				Map.of(host, List.of(new ActionRequest("hvo.set-switch", Map.of("enabled", false)))), false);
		assertThat(operator.get(host)).isInstanceOf(SetOutcome.HeldByRollout.class);

		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.desiredStates.recordResults(host, List.of(new ActionResult(asked.version(), "1", "hvo.set-switch",
				"succeeded", "switched on", now, now, List.of())));
		this.jdbc.sql("UPDATE host_state SET hvo_switch_on = true, hvo = 'on' WHERE host_id = ?").param(host).update();
		this.reconciler.reconcileAll();

		Rollout done = this.repository.find(created.id()).orElseThrow();
		assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
		assertThat(this.desiredStates
			.set(DesiredStateOwner.of(OPERATOR),
					Map.of(host, List.of(new ActionRequest("hvo.set-switch", Map.of("enabled", false)))), false)
			.get(host)).as("released once completed").isInstanceOf(SetOutcome.Written.class);
	}

	@Test
	void aHostIsToJudgeOnceItsResultsCommitAndOnlyThen() {
		UUID host = host();
		RolloutSpec spec = new RolloutSpec("to-judge", Feature.HVO, new Feature.Target(true, false), null,
				List.of(host), List.of(WaveStep.parse("100%")), FailureBudget.NONE, FailureBudget.NONE,
				RolloutSpec.HaltAction.PAUSE, java.time.Duration.ofMinutes(10), java.time.Duration.ZERO, false, null);
		Rollout created = this.rollouts.create(spec, OPERATOR);
		this.reconciler.reconcileAll();
		DesiredState asked = this.desiredStates.currentFor(host);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		List<ActionResult> results = List.of(new ActionResult(asked.version(), "1", "hvo.set-switch", "succeeded",
				"switched on", now, now, List.of()));
		this.jdbc.sql("UPDATE host_state SET hvo_switch_on = true, hvo = 'on' WHERE host_id = ?").param(host).update();

		this.transaction.executeWithoutResult((status) -> {
			this.desiredStates.recordResults(host, results);
			status.setRollbackOnly();
		});
		assertThat(toJudge(created.id(), host)).as("the mark is lost with the results it stands for").isFalse();
		this.reconciler.reconcileAll();
		assertThat(this.repository.find(created.id()).orElseThrow().state()).as("nothing to judge yet")
			.isEqualTo(RolloutState.RUNNING);

		this.desiredStates.recordResults(host, results);
		assertThat(toJudge(created.id(), host)).isTrue();
		this.reconciler.reconcileAll();
		assertThat(this.repository.find(created.id()).orElseThrow().state()).isEqualTo(RolloutState.COMPLETED);
	}

	private boolean toJudge(UUID rolloutId, UUID host) {
		return this.jdbc.sql("SELECT to_judge FROM rollout_host WHERE rollout_id = ? AND host_id = ?")
			.params(rolloutId, host)
			.query(Boolean.class)
			.single();
	}

	@Test
	void everyReplicaShowsTheRolloutGaugesTheFleetJobStored() {
		// The job's own first run, at start, is over before the test stores its own.
		await().until(() -> this.snapshots.find(RolloutGauges.Snapshot.NAME, RolloutGauges.Snapshot.class).isPresent());
		this.snapshots.store(RolloutGauges.Snapshot.NAME,
				new RolloutGauges.Snapshot(List.of(new RolloutGauges.Count("hvo", "running", 42)),
						List.of(new RolloutGauges.Count("hvo", "applying", 7)), Map.of("hvo", 3L, "vduse", 0L)));
		this.metrics.refresh();
		assertThat(gauge("kfleet.rollouts", "running")).as("what was stored, not a count of its own").isEqualTo(42);
		assertThat(gauge("kfleet.rollouts.hosts", "applying")).isEqualTo(7);
		assertThat(this.meters.get("kfleet.rollouts.drifted-hosts").tag("feature", "hvo").gauge().value()).isEqualTo(3);

		UUID host = host();
		RolloutSpec spec = new RolloutSpec("gauges", Feature.HVO, new Feature.Target(true, false), null, List.of(host),
				List.of(WaveStep.parse("100%")), FailureBudget.NONE, FailureBudget.NONE, RolloutSpec.HaltAction.PAUSE,
				java.time.Duration.ofMinutes(10), java.time.Duration.ZERO, false, null);
		this.rollouts.create(spec, OPERATOR);
		this.reconciler.reconcileAll();
		this.gaugesJob.work().run();
		this.metrics.refresh();
		Long running = this.jdbc.sql("SELECT count(*) FROM rollout WHERE state = 'running' AND feature = 'hvo'")
			.query(Long.class)
			.single();
		assertThat(running).isPositive();
		assertThat(gauge("kfleet.rollouts", "running")).isEqualTo(running.doubleValue());
		assertThat(this.meters.find("kfleet.rollouts").tags("feature", "hvo", "state", "aborted").gauge())
			.as("every state present")
			.isNotNull();
		assertThat(gauge("kfleet.rollouts", "aborted")).as("counted")
			.isEqualTo(this.jdbc.sql("SELECT count(*) FROM rollout WHERE state = 'aborted' AND feature = 'hvo'")
				.query(Long.class)
				.single()
				.doubleValue());
		assertThat(gauge("kfleet.rollouts.hosts", "applying")).isPositive();
		assertThat(this.meters.get("kfleet.rollouts.drifted-hosts").tag("feature", "hvo").gauge().value())
			.isEqualTo(this.jdbc.sql("SELECT count(*) FROM rollout_host WHERE drifted AND feature = 'hvo'")
				.query(Long.class)
				.single()
				.doubleValue());
	}

	private double gauge(String name, String state) {
		Gauge gauge = this.meters.find(name).tags("feature", "hvo", "state", state).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	/** A host whose agent reported HVO supported and off a moment ago. */
	private UUID host() {
		UUID host = Objects.requireNonNull(this.transaction.execute(
				(status) -> this.hosts.claim("m-" + UUID.randomUUID(), "rollout-1", "6.18.44", Map.of()).hostId()));
		this.jdbc.sql("INSERT INTO host_agent (host_id, enrolled_at, last_seen_at) VALUES (?, now(), now())")
			.param(host)
			.update();
		this.jdbc.sql("""
				INSERT INTO host_state (host_id, reported_at, hvo, hvo_supported, hvo_switch_on, vduse_device_count)
				VALUES (?, now(), 'off', true, false, 0)""").param(host).update();
		return host;
	}

}
