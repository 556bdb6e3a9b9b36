package dev.kfleet.rollouts;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.ServiceInstance;
import dev.kfleet.TestDatabase;
import dev.kfleet.agent.simulator.FaultRates;
import dev.kfleet.agent.simulator.FleetSimulator;
import dev.kfleet.agent.simulator.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A simulated fleet checking in at a replica of the service, over a database of its own,
 * for the rollout tests: it enrolls the hosts, labelled {@code fleet=sim}, and answers
 * what the recorded desired-state assignments say.
 */
final class RolloutFleet implements AutoCloseable {

	static final Map<String, Object> FAST = Map.of("kfleet.hosts.check-in-interval", "1s",
			"kfleet.rollouts.reconcile-interval", "200ms", "kfleet.rollouts.gauge-refresh-interval", "200ms",
			"kfleet.rollouts.gauge-interval", "300ms");

	private final TestDatabase database;

	private final List<ServiceInstance> replicas = new ArrayList<>();

	private final Thread simulator;

	private final int port;

	private final Map<String, Object> properties;

	private RolloutFleet(TestDatabase database, int port, Map<String, Object> properties, ServiceInstance replica,
			Thread simulator) {
		this.database = database;
		this.port = port;
		this.properties = properties;
		this.replicas.add(replica);
		this.simulator = simulator;
	}

	/**
	 * Starts a replica over {@code database} and {@code hosts} simulated hosts checking
	 * in at it (with these faults), and waits until every host has reported.
	 */
	static RolloutFleet start(TestDatabase database, int hosts, FaultRates faults, Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>(FAST);
		all.putAll(properties);
		int port = freePort();
		ServiceInstance replica = start(database, all, port, "agents");
		String secret = replica.client()
			.as(KfleetIntegrationTest.ADMIN_TOKEN)
			.post("/api/v1/enrollment-secrets", "{\"name\":\"sim\",\"labels\":{\"fleet\":\"sim\"}}")
			.json()
			.get("value")
			.stringValue();
		SimulatorConfig config = new SimulatorConfig(URI.create("http://localhost:" + replica.port()), secret, hosts, 7,
				Optional.empty(), Duration.ofMinutes(30), faults, Optional.empty(), 64, Duration.ofMinutes(5),
				Duration.ofSeconds(1));
		Thread simulator = Thread.ofPlatform().name("fleet-simulator").start(() -> {
			try {
				new FleetSimulator(config, new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC()).run();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		RolloutFleet fleet = new RolloutFleet(database, port, all, replica, simulator);
		await().atMost(Duration.ofMinutes(2))
			.until(() -> fleet.jdbc().sql("SELECT count(*) FROM host_state").query(Long.class).single() == hosts);
		return fleet;
	}

	/** Another replica over the same database (its reconciler may take the fleet job). */
	ServiceInstance addReplica() {
		ServiceInstance replica = start(this.database, this.properties, 0, "replica-" + this.replicas.size());
		this.replicas.add(replica);
		return replica;
	}

	/**
	 * Kills the replica the agents check in at, as a crash would (its database
	 * connections die under it, whatever they were doing, then it stops), and starts it
	 * again on the same port.
	 */
	void killAndRestart() {
		ServiceInstance agents = this.replicas.getFirst();
		JdbcClient other = agents.bean(JdbcClient.class);
		other
			.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
					+ "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'agents'")
			.query(Long.class)
			.single();
		agents.close();
		this.replicas.set(0, start(this.database, this.properties, this.port, "agents"));
	}

	private static ServiceInstance start(TestDatabase database, Map<String, Object> properties, int port, String name) {
		Map<String, Object> all = new HashMap<>(properties);
		all.put("server.port", port);
		all.put("spring.datasource.hikari.data-source-properties.ApplicationName", name);
		return ServiceInstance.start(database, all);
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The first replica's admin client. */
	ApiClient admin() {
		return this.replicas.getFirst().client().as(KfleetIntegrationTest.ADMIN_TOKEN);
	}

	JdbcClient jdbc() {
		return this.replicas.getFirst().bean(JdbcClient.class);
	}

	/** Stops every simulated agent: the hosts stop checking in. */
	void stopAgents() throws InterruptedException {
		this.simulator.interrupt();
		this.simulator.join(Duration.ofMinutes(1));
	}

	/** Creates a rollout of the whole simulated fleet; its id. */
	String create(String json) {
		ApiResponse created = admin().post("/api/v1/rollouts", json);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").stringValue();
	}

	JsonNode rollout(String id) {
		ApiResponse rollout = admin().get("/api/v1/rollouts/{id}", id);
		assertThat(rollout.status()).as(rollout.body()).isEqualTo(200);
		return rollout.json();
	}

	/** Waits until the rollout is in {@code state}; its view then. */
	JsonNode awaitState(String id, String state, Duration atMost) {
		await().atMost(atMost)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> rollout(id).get("status").get("state").stringValue().equals(state));
		return rollout(id);
	}

	/**
	 * The intervals in which the rollout had hosts changing: from the desired-state write
	 * the audit log recorded for each host (as the rollout's owner) to the host's
	 * verdict.
	 */
	Map<UUID, List<Instant[]>> assignments(String rolloutId) {
		Map<UUID, List<Instant[]>> asked = new LinkedHashMap<>();
		this.jdbc().sql("""
				SELECT e.target_id::uuid AS host_id, e.at, rh.finished_at
				FROM audit_event e
				JOIN rollout_host rh ON rh.rollout_id = CAST(? AS uuid) AND rh.host_id = e.target_id::uuid
				WHERE e.action = 'desired-state.set' AND e.details -> 'owner' ->> 'kind' = 'rollout'
				      AND e.details -> 'owner' ->> 'id' = ?
				ORDER BY e.at""").params(rolloutId, rolloutId).query((rs) -> {
			asked.computeIfAbsent(rs.getObject("host_id", UUID.class), (host) -> new ArrayList<>())
				.add(new Instant[] { rs.getTimestamp("at").toInstant(), (rs.getTimestamp("finished_at") != null)
						? rs.getTimestamp("finished_at").toInstant() : Instant.MAX });
		});
		return asked;
	}

	/** The most hosts changing at once, from {@link #assignments}. */
	static int maxConcurrent(Map<UUID, List<Instant[]>> assignments) {
		List<Instant[]> events = new ArrayList<>();
		assignments.values().forEach((intervals) -> intervals.forEach((interval) -> {
			events.add(new Instant[] { interval[0], null });
			events.add(new Instant[] { interval[1], interval[1] });
		}));
		// Ends before starts at the same instant: a slot freed and taken in one step.
		events.sort((a, b) -> (a[0].equals(b[0])) ? Boolean.compare(a[1] == null, b[1] == null) : a[0].compareTo(b[0]));
		int now = 0;
		int max = 0;
		for (Instant[] event : events) {
			now += (event[1] == null) ? 1 : -1;
			max = Math.max(max, now);
		}
		return max;
	}

	/** How many of the rollout's hosts are in each state. */
	Map<String, Long> hostStates(String rolloutId) {
		Map<String, Long> states = new HashMap<>();
		this.jdbc()
			.sql("SELECT state, count(*) AS n FROM rollout_host WHERE rollout_id = CAST(? AS uuid) GROUP BY state")
			.param(rolloutId)
			.query((rs) -> {
				states.put(rs.getString("state"), rs.getLong("n"));
			});
		return states;
	}

	@Override
	public void close() throws InterruptedException {
		stopAgents();
		for (ServiceInstance replica : List.copyOf(this.replicas)) {
			replica.close();
		}
	}

}
