package dev.kfleet.desiredstate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.KfleetIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a replica hands out is never older than what is committed, once it has polled:
 * also when transactions commit in another order than they began.
 */
@KfleetIntegrationTest
class DesiredStateCacheIntegrationTests {

	static final DesiredStateOwner OWNER = DesiredStateOwner.rollout(UUID.randomUUID(), "cache test");

	@Autowired
	DesiredStateCache cache;

	@Autowired
	DesiredStateService service;

	@Autowired
	DesiredStateWrites writes;

	@LocalServerPort
	int port;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aChangeThatCommitsAfterALaterOneIsNotSkipped() throws Exception {
		UUID slow = host();
		UUID fast = host();
		set(slow);
		set(fast);
		assertThat(this.cache.get(slow).version()).isEqualTo(1);
		CountDownLatch written = new CountDownLatch(1);
		CountDownLatch commit = new CountDownLatch(1);
		// Another replica's change of the first host, whose transaction commits late.
		CompletableFuture<Void> other = CompletableFuture
			.runAsync(() -> new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
				this.writes.lockAndRead(List.of(slow));
				this.writes.replace(
						List.of(new DesiredStateWrites.Replacing(slow, 1,
								"[{\"id\":\"1\",\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":false}}]")),
						OWNER, Instant.now());
				written.countDown();
				DesiredStateFixtures.awaitLatch(commit);
			}));
		DesiredStateFixtures.awaitLatch(written);
		set(fast);
		this.cache.refresh();
		commit.countDown();
		other.get(30, TimeUnit.SECONDS);
		this.cache.refresh();
		assertThat(this.cache.get(slow).version()).isEqualTo(2);
		assertThat(this.cache.get(slow).actions().getFirst().parameters()).containsEntry("enabled", false);
	}

	@Test
	void aBulkWriteOfAnotherReplicaIsHandedOutHereAfterThePoll() {
		List<UUID> hosts = this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, created_at, updated_at)
				SELECT gen_random_uuid(), 'cache-' || gen_random_uuid(), 'cache-bulk-' || n, now(), now()
				FROM generate_series(1, 3000) AS n RETURNING id""").query(UUID.class).list();
		hosts.forEach((host) -> assertThat(this.cache.get(host).version()).isZero());
		// Another replica's wave: written to the database, not through this replica.
		SortedMap<UUID, String> wave = new TreeMap<>();
		hosts.forEach((host) -> wave.put(host,
				"[{\"id\":\"1\",\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true}}]"));
		new TransactionTemplate(this.transactions).executeWithoutResult(
				(status) -> assertThat(this.writes.insertFirst(wave, OWNER, Instant.now())).hasSize(3000));
		assertThat(this.cache.get(hosts.getFirst()).version()).isZero();
		this.cache.refresh();
		hosts.forEach((host) -> assertThat(this.cache.get(host).version()).isEqualTo(1));
	}

	@Test
	void aChangeMadeThroughThisReplicaIsHandedOutOnceCommitted() {
		UUID host = host();
		set(host);
		assertThat(this.cache.get(host).version()).isEqualTo(1);
		set(host);
		assertThat(this.cache.get(host).version()).isEqualTo(2);
	}

	private UUID host() {
		return DesiredStateFixtures.registeredHost(this.port, "cache");
	}

	private void set(UUID host) {
		assertThat(this.service.set(OWNER, Map.of(host, switchOn()), false).get(host))
			.isInstanceOf(SetOutcome.Written.class);
	}

	private static List<ActionRequest> switchOn() {
		return List.of(new ActionRequest("hvo.set-switch", Map.of("enabled", true, "persist", false)));
	}

}
