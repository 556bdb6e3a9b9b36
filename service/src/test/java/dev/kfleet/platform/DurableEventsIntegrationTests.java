package dev.kfleet.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;

import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.KillablePostgres;
import dev.kfleet.ServiceInstance;
import dev.kfleet.TestDatabase;
import dev.kfleet.hosts.HostRegistered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event between modules is stored with the transaction that publishes it: when its
 * listener fails (or its replica dies before it finishes), it stays outstanding, and a
 * replica that starts delivers it again (ADR 0032).
 */
class DurableEventsIntegrationTests {

	static volatile boolean failing;

	static final List<UUID> DELIVERED = new CopyOnWriteArrayList<>();

	@Test
	void anEventWhoseListenerFailedIsDeliveredAgainAfterARestart() {
		try (KillablePostgres postgres = KillablePostgres.start()) {
			TestDatabase database = postgres.createDatabase("kfleet");
			failing = true;
			UUID hostId;
			try (ServiceInstance before = ServiceInstance.start(database, Map.of(), FlakyListener.class)) {
				ApiResponse registered = before.client()
					.as(KfleetIntegrationTest.ADMIN_TOKEN)
					.post("/api/v1/hosts", "{\"machineId\":\"m-durable\",\"hostname\":\"durable\"}");
				assertThat(registered.status()).as(registered.body()).isEqualTo(201);
				hostId = UUID.fromString(registered.json().get("id").stringValue());
				JdbcClient jdbc = before.bean(JdbcClient.class);
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(outstanding(jdbc)).as("outstanding publications").isEqualTo(1));
				assertThat(DELIVERED).isEmpty();
			}
			failing = false;
			try (ServiceInstance after = ServiceInstance.start(database, Map.of(), FlakyListener.class)) {
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(DELIVERED).containsExactly(hostId));
				JdbcClient jdbc = after.bean(JdbcClient.class);
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outstanding(jdbc)).isZero());
			}
		}
	}

	private static long outstanding(JdbcClient jdbc) {
		return jdbc.sql("""
				SELECT count(*) FROM event_publication
				WHERE completion_date IS NULL AND listener_id LIKE '%FlakyListener%'""").query(Long.class).single();
	}

	/** Listens to new hosts, and fails while {@link #failing} says so. */
	@TestConfiguration(proxyBeanMethods = false)
	static class FlakyListener {

		@ApplicationModuleListener
		void on(HostRegistered registered) {
			if (failing) {
				throw new IllegalStateException("the listener fails, as a crash would stop it");
			}
			DELIVERED.add(registered.hostId());
		}

	}

}
