package dev.kfleet.agent.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kfleet.agent.stub.StubAgentApi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClosedLoopBenchmarkIntegrationTests {

	@Test
	void measuresEachModeAndItsRatioToPingWithFullReportsOnlyWhenTheReportChanged() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (StubAgentApi stub = new StubAgentApi("s")) {
			SimulatorConfig config = new SimulatorConfig(stub.uri(), "s", 8, 1, Optional.empty(), Duration.ZERO,
					FaultRates.NONE, Optional.empty(), 4, Duration.ofSeconds(10), Duration.ZERO);
			Map<String, Double> rates = new ClosedLoopBenchmark(config,
					new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC())
				.run(List.of("ping", "unchanged", "changed"), Duration.ofMillis(200), Duration.ofMillis(500), 2);
			assertThat(rates).containsOnlyKeys("ping", "unchanged", "changed");
			assertThat(rates.values()).allSatisfy((rate) -> assertThat(rate).isPositive());
			List<Boolean> full = stub.checkIns().stream().map((c) -> c.containsKey("report")).toList();
			assertThat(full.subList(0, 8)).as("prepared: one full report each").containsOnly(true);
			List<Boolean> runs = new java.util.ArrayList<>();
			for (Boolean f : full.subList(8, full.size())) {
				if (runs.isEmpty() || !runs.getLast().equals(f)) {
					runs.add(f);
				}
			}
			assertThat(runs).as("warm-up, then two rounds: hash-only (unchanged) then full (changed) phases")
				.containsExactly(false, true, false, true, false, true);
		}
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("benchmark round 1 ping concurrency=4")
			.contains("median ping = ")
			.contains("ratio unchanged/ping = ")
			.contains("ratio changed/ping = ")
			.containsPattern("ratio changed/ping = [0-9.]+ \\(each round: \\[[0-9.]+, [0-9.]+\\]\\)");
	}

}
