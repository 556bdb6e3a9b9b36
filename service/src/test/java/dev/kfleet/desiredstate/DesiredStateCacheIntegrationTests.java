package dev.kfleet.desiredstate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
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
