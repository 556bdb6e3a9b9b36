package dev.kfleet.desiredstate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.ServiceInstance;
import dev.kfleet.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas over one database: desired state set through one, 16 changes at a time,
 * reaches every host that checks in at the other, none lost; two operators racing through
 * both for a host never both win.
 */
class TwoReplicasIntegrationTests {

	static final int HOSTS = 32;

	static final int CHANGES = 480;

	static final String REPORT_HASH = "0".repeat(64);

	@Test
	void everyDesiredStateSetThroughOneReplicaReachesHostsCheckingInAtTheOther() throws Exception {
		try (ServiceInstance a = ServiceInstance.start(TestDatabase.shared(), Map.of());
				ServiceInstance b = ServiceInstance.start(TestDatabase.shared(), Map.of())) {
			ApiClient operator = a.client().as(KfleetIntegrationTest.ADMIN_TOKEN);
			String secret = operator.post("/api/v1/enrollment-secrets", "{\"name\":\"replicas\"}")
				.json()
				.get("value")
				.stringValue();
			List<Host> hosts = new ArrayList<>();
			for (int i = 0; i < HOSTS; i++) {
				hosts.add(Host.enroll(b.client(), secret, i));
			}
			Map<String, Long> committed = new ConcurrentHashMap<>();
			AtomicBoolean changing = new AtomicBoolean(true);
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<?>> checkIns = hosts.stream()
					.map((host) -> threads.submit(() -> host.checkInWhile(changing)))
					.<Future<?>>map((future) -> future)
					.toList();
				List<Future<?>> writers = new ArrayList<>();
				for (int writer = 0; writer < 16; writer++) {
					writers.add(threads.submit(() -> change(operator, hosts, committed, CHANGES / 16)));
				}
				for (Future<?> writerDone : writers) {
					writerDone.get(5, TimeUnit.MINUTES);
				}
				changing.set(false);
				for (Future<?> checkIn : checkIns) {
					checkIn.get(1, TimeUnit.MINUTES);
				}
			}
			assertThat(committed).hasSize(HOSTS);
			for (Host host : hosts) {
				await().atMost(java.time.Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(host.checkIn()).as(host.id).isEqualTo(committed.get(host.id)));
			}
		}
	}

	@Test
	void twoOperatorsRacingThroughTwoReplicasForTheSameHostNeverBothWin() throws Exception {
		try (ServiceInstance a = ServiceInstance.start(TestDatabase.shared(), Map.of());
				ServiceInstance b = ServiceInstance.start(TestDatabase.shared(), Map.of())) {
			ApiClient admin = a.client().as(KfleetIntegrationTest.ADMIN_TOKEN);
			ApiClient alice = a.client().as(operatorToken(admin, "alice"));
			ApiClient bob = b.client().as(operatorToken(admin, "bob"));
			try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
				for (int i = 0; i < HOSTS; i++) {
					String host = settledHost(admin, i);
					CyclicBarrier start = new CyclicBarrier(2);
					Future<ApiResponse> byAlice = threads.submit(() -> putAfter(start, alice, host));
					Future<ApiResponse> byBob = threads.submit(() -> putAfter(start, bob, host));
					ApiResponse fromAlice = byAlice.get(1, TimeUnit.MINUTES);
					ApiResponse fromBob = byBob.get(1, TimeUnit.MINUTES);
					assertThat(List.of(fromAlice.status(), fromBob.status())).as(host)
						.containsExactlyInAnyOrder(200, 409);
					ApiResponse won = (fromAlice.status() == 200) ? fromAlice : fromBob;
					ApiResponse lost = (fromAlice.status() == 200) ? fromBob : fromAlice;
					assertThat(lost.json().at("/owner/name").stringValue())
						.isEqualTo(won.json().at("/owner/name").stringValue());
					assertThat(lost.json().get("version").longValue()).isEqualTo(2);
					assertThat(won.json().get("version").longValue()).isEqualTo(2);
				}
			}
		}
	}

	/** A host whose version 1 has no actions: not in flight, free for anyone. */
	private static String settledHost(ApiClient admin, int index) {
		String host = admin
			.post("/api/v1/hosts",
					"{\"machineId\":\"m-" + UUID.randomUUID() + "\",\"hostname\":\"race-" + index + "\"}")
			.json()
			.get("id")
			.stringValue();
		assertThat(admin.put("/api/v1/hosts/{id}/desired-state", "{\"actions\":[]}", host).status()).isEqualTo(200);
		return host;
	}

	private static ApiResponse putAfter(CyclicBarrier start, ApiClient operator, String host) throws Exception {
		start.await(1, TimeUnit.MINUTES);
		return operator.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json",
				"{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":true}}]}", host);
	}

	private static String operatorToken(ApiClient admin, String name) {
		return admin
			.post("/api/v1/tokens", "{\"name\":\"" + name + "-" + UUID.randomUUID() + "\",\"role\":\"operator\"}")
			.json()
			.get("secret")
			.stringValue();
	}

	private static void change(ApiClient operator, List<Host> hosts, Map<String, Long> committed, int changes) {
		for (int i = 0; i < changes; i++) {
			Host host = hosts.get(ThreadLocalRandom.current().nextInt(hosts.size()));
			boolean enabled = ThreadLocalRandom.current().nextBoolean();
			ApiResponse set = operator.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json",
					"{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":" + enabled
							+ ",\"persist\":false}}]}",
					host.id);
			assertThat(set.status()).as(set.body()).isEqualTo(200);
			committed.merge(host.id, set.json().get("version").longValue(), Math::max);
		}
	}

	/** A host's agent, checking in at one replica with its report's hash only. */
	static final class Host {

		final String id;

		final ApiClient agent;

		long sequence;

		Host(String id, ApiClient agent) {
			this.id = id;
			this.agent = agent;
		}

		static Host enroll(ApiClient replica, String secret, int index) {
			JsonNode enrolled = replica.as(secret)
				.post("/agent/v1/enroll",
						"{\"machineId\":\"m-" + UUID.randomUUID() + "\",\"hostname\":\"replicas-" + index
								+ "\",\"agentVersion\":\"0.1.0\"}")
				.json();
			return new Host(enrolled.get("hostId").stringValue(), replica.as(enrolled.get("hostToken").stringValue()));
		}

		void checkInWhile(AtomicBoolean going) {
			while (going.get()) {
				checkIn();
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
		}

		/** Checks in once; returns the desired state's version. */
		synchronized long checkIn() {
			this.sequence++;
			ApiResponse answer = this.agent.post("/agent/v1/check-in", "{\"agentVersion\":\"0.1.0\",\"sequence\":"
					+ this.sequence + ",\"reportHash\":\"" + REPORT_HASH + "\"}");
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			return answer.json().at("/desiredState/version").longValue();
		}

	}

}
