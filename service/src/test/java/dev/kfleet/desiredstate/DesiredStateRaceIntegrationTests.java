package dev.kfleet.desiredstate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.KfleetIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two writers racing for a host (two replicas, a rollout and an operator) never both win:
 * the later one waits for the earlier one's transaction and sees its version in flight.
 */
@KfleetIntegrationTest
class DesiredStateRaceIntegrationTests {

	static final List<ActionRequest> SWITCH_ON = List.of(new ActionRequest("hvo.set-switch", Map.of("enabled", true)));

	final DesiredStateOwner rollout = DesiredStateOwner.rollout(UUID.randomUUID(), "rollout");

	final DesiredStateOwner operator = new DesiredStateOwner(DesiredStateOwner.Kind.API_TOKEN, UUID.randomUUID(),
			"operator");

	@Autowired
	DesiredStateService service;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	@Test
	void theSecondFirstVersionOfAHostWaitsForTheFirstAndIsRefused() throws Exception {
		UUID host = host();
		assertTheLaterWriterWaitsAndLoses(host, 1);
	}

	@Test
	void theSecondReplacementOfASettledVersionWaitsForTheFirstAndIsRefused() throws Exception {
		UUID host = host();
		this.service.set(DesiredStateOwner.rollout(UUID.randomUUID(), "earlier"), Map.of(host, SWITCH_ON), false);
		this.service.recordResults(host, List.of(new ActionResult(1, "1", "hvo.set-switch", "succeeded", "done",
				Instant.now(), Instant.now(), List.of())));
		assertTheLaterWriterWaitsAndLoses(host, 2);
	}

	@Test
	void ofTwoWritersRacingForEachHostExactlyOneWins() throws Exception {
		List<UUID> hosts = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			UUID host = host();
			if (i % 2 == 1) {
				this.service.set(this.operator, Map.of(host, List.of()), false);
			}
			hosts.add(host);
		}
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			for (UUID host : hosts) {
				CyclicBarrier start = new CyclicBarrier(2);
				Future<SetOutcome> byRollout = threads
					.submit(() -> setAfter(start, this.rollout, Map.of(host, SWITCH_ON)));
				Future<SetOutcome> byOperator = threads
					.submit(() -> setAfter(start, this.operator, Map.of(host, SWITCH_ON)));
				assertOneWins(host, byRollout.get(30, TimeUnit.SECONDS), byOperator.get(30, TimeUnit.SECONDS));
			}
		}
	}

	@Test
	void twoWritersOfTheSameHostsInOppositeOrdersNeitherDeadlockNorBothWin() throws Exception {
		Map<UUID, List<ActionRequest>> forward = new LinkedHashMap<>();
		for (int i = 0; i < 50; i++) {
			UUID host = host();
			this.service.set(this.operator, Map.of(host, List.of()), false);
			forward.put(host, SWITCH_ON);
		}
		Map<UUID, List<ActionRequest>> backward = new LinkedHashMap<>();
		new ArrayList<>(forward.keySet()).reversed().forEach((host) -> backward.put(host, SWITCH_ON));
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			CyclicBarrier start = new CyclicBarrier(2);
			Future<Map<UUID, SetOutcome>> first = threads.submit(() -> setAllAfter(start, this.rollout, forward));
			Future<Map<UUID, SetOutcome>> second = threads.submit(() -> setAllAfter(start, this.operator, backward));
			Map<UUID, SetOutcome> byRollout = first.get(60, TimeUnit.SECONDS);
			Map<UUID, SetOutcome> byOperator = second.get(60, TimeUnit.SECONDS);
			forward.keySet().forEach((host) -> assertOneWins(host, byRollout.get(host), byOperator.get(host)));
		}
	}

	private void assertTheLaterWriterWaitsAndLoses(UUID host, long version) throws Exception {
		CountDownLatch written = new CountDownLatch(1);
		CountDownLatch commit = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			Future<SetOutcome> first = threads
				.submit(() -> new TransactionTemplate(this.transactions).execute((status) -> {
					SetOutcome outcome = this.service.set(this.rollout, Map.of(host, SWITCH_ON), false).get(host);
					written.countDown();
					DesiredStateFixtures.awaitLatch(commit);
					return outcome;
				}));
			DesiredStateFixtures.awaitLatch(written);
			Future<SetOutcome> second = threads
				.submit(() -> this.service.set(this.operator, Map.of(host, SWITCH_ON), false).get(host));
			await().atMost(Duration.ofSeconds(30)).until(this::aWriterWaitsForALock);
			commit.countDown();
			assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(new SetOutcome.Written(host, version, null));
			assertThat(second.get(30, TimeUnit.SECONDS))
				.isEqualTo(new SetOutcome.InFlight(host, new OwnedVersion(version, this.rollout)));
		}
	}

	private void assertOneWins(UUID host, SetOutcome byRollout, SetOutcome byOperator) {
		boolean rolloutWon = byRollout instanceof SetOutcome.Written;
		SetOutcome won = rolloutWon ? byRollout : byOperator;
		SetOutcome lost = rolloutWon ? byOperator : byRollout;
		DesiredStateOwner winner = rolloutWon ? this.rollout : this.operator;
		assertThat(won).as(host.toString()).isInstanceOf(SetOutcome.Written.class);
		long version = ((SetOutcome.Written) won).version();
		assertThat(lost).as(host.toString())
			.isEqualTo(new SetOutcome.InFlight(host, new OwnedVersion(version, winner)));
		assertThat(this.service.view(host).owner()).isEqualTo(winner);
	}

	private SetOutcome setAfter(CyclicBarrier start, DesiredStateOwner owner, Map<UUID, List<ActionRequest>> actions)
			throws Exception {
		return setAllAfter(start, owner, actions).values().iterator().next();
	}

	private Map<UUID, SetOutcome> setAllAfter(CyclicBarrier start, DesiredStateOwner owner,
			Map<UUID, List<ActionRequest>> actions) throws Exception {
		start.await(30, TimeUnit.SECONDS);
		return this.service.set(owner, actions, false);
	}

	/** A session of this database waits for a lock while writing desired state. */
	private boolean aWriterWaitsForALock() {
		return this.jdbc.sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%desired_state%'""")
			.query(Long.class)
			.single() > 0;
	}

	private UUID host() {
		return DesiredStateFixtures.registeredHost(this.port, "race");
	}

}
