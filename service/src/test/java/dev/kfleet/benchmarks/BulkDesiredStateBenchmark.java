package dev.kfleet.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.desiredstate.ActionRequest;
import dev.kfleet.desiredstate.DesiredStateOwner;
import dev.kfleet.desiredstate.DesiredStateService;
import dev.kfleet.desiredstate.SetOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long one call of {@link DesiredStateService#set} takes for 10,000 hosts (one
 * transaction, audited, entering this replica's copy after commit), in each of its paths:
 * first versions, the owner replacing its own versions in flight, another owner refused
 * on every host, and another owner forcing every host. Each round takes 10,000 new hosts;
 * prints the median and the worst of the rounds. Reports, never asserts on time:
 * {@code ./mvnw -B -pl service -am verify -Pbenchmarks -Dtest=BulkDesiredStateBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
@KfleetIntegrationTest
class BulkDesiredStateBenchmark {

	static final int HOSTS = DesiredStateService.MAX_HOSTS_PER_CALL;

	static final int ROUNDS = 5;

	static final List<ActionRequest> HVO_ON = List.of(
			new ActionRequest("hvo.set-switch", Map.of("enabled", true, "persist", true)),
			new ActionRequest("hvo.rebuild-free-pages", Map.of()));

	@Autowired
	DesiredStateService desiredStates;

	@Autowired
	JdbcClient jdbc;

	@Test
	void settingTheDesiredStateOfTenThousandHostsInOneCall() {
		Map<String, List<Double>> timings = new LinkedHashMap<>();
		for (int round = 0; round < ROUNDS; round++) {
			Map<UUID, List<ActionRequest>> wave = new LinkedHashMap<>();
			hosts().forEach((host) -> wave.put(host, HVO_ON));
			DesiredStateOwner rollout = DesiredStateOwner.rollout(UUID.randomUUID(), "benchmark wave");
			DesiredStateOwner operator = DesiredStateOwner.rollout(UUID.randomUUID(), "benchmark other");
			time(timings, "first versions (insert)", () -> this.desiredStates.set(rollout, wave, false),
					SetOutcome.Written.class::isInstance);
			time(timings, "owner replaces its own versions in flight",
					() -> this.desiredStates.set(rollout, wave, false), SetOutcome.Written.class::isInstance);
			time(timings, "another owner, refused on every host", () -> this.desiredStates.set(operator, wave, false),
					SetOutcome.InFlight.class::isInstance);
			time(timings, "another owner forces every host", () -> this.desiredStates.set(operator, wave, true),
					(outcome) -> outcome instanceof SetOutcome.Written w && w.forcedOver() != null);
		}
		System.out.printf("DesiredStateService.set for %,d hosts in one call, %d rounds:%n", HOSTS, ROUNDS);
		timings.forEach((path, millis) -> {
			Collections.sort(millis);
			System.out.printf("  %-45s median %5.0f ms, max %5.0f ms%n", path, millis.get(millis.size() / 2),
					millis.getLast());
		});
	}

	private List<UUID> hosts() {
		return this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, kernel_release, created_at, updated_at)
				SELECT gen_random_uuid(), 'bulk-' || gen_random_uuid(), 'bulk-' || n, '6.18.44', now(), now()
				FROM generate_series(1, ?) AS n RETURNING id""").param(HOSTS).query(UUID.class).list();
	}

	private static void time(Map<String, List<Double>> timings, String path,
			java.util.function.Supplier<Map<UUID, SetOutcome>> call, Predicate<SetOutcome> expected) {
		long started = System.nanoTime();
		Map<UUID, SetOutcome> outcomes = call.get();
		double millis = (System.nanoTime() - started) / 1e6;
		assertThat(outcomes.values()).as(path).hasSize(HOSTS).allMatch(expected);
		timings.computeIfAbsent(path, (key) -> new ArrayList<>()).add(millis);
	}

}
