package dev.kfleet.agent.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.kfleet.agent.stub.StubAgentApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code simulate --truth-file}: after a run against a stub of the agent API, each host's
 * line says what the stub holds for it.
 */
class TruthFileIntegrationTests {

	@TempDir
	Path temp;

	@Test
	void eachHostsLineHoldsTheReportTheServiceAcknowledgedAndWhatThatReportSays() throws Exception {
		Path truthFile = this.temp.resolve("truth.tsv");
		try (StubAgentApi stub = new StubAgentApi("fleet-secret")) {
			stub.interval(1);
			stub.failNext(3, 503);
			simulator(stub, new FaultRates(0, 0, 0.5, 0), Duration.ofSeconds(8))
				.withTruthFile(truthFile, Duration.ofSeconds(1))
				.run();

			List<String> lines = Files.readAllLines(truthFile);
			assertThat(lines.getFirst()).isEqualTo(TruthFile.HEADER);
			assertThat(lines).contains("# " + HostTruth.COLUMNS);
			assertThat(failed(lines, "503")).isEqualTo(3);
			List<String[]> hosts = lines.stream()
				.filter((line) -> !line.startsWith("#"))
				.map((line) -> line.split("\t"))
				.toList();
			assertThat(hosts).hasSize(10);
			Map<String, String[]> truths = hosts.stream()
				.filter((fields) -> !fields[1].equals("-"))
				.collect(Collectors.toMap((fields) -> fields[1], Function.identity()));
			Map<Object, List<Map<String, Object>>> byHost = stub.checkIns()
				.stream()
				.collect(Collectors.groupingBy((c) -> c.get("hostId")));
			byHost.forEach((hostId, checkIns) -> assertMatches(truths.get(hostId), checkIns));
		}
	}

	@Test
	void aHostThatNeverCheckedInHasOnlyItsMachineId() throws Exception {
		Path truthFile = this.temp.resolve("truth.tsv");
		try (StubAgentApi stub = new StubAgentApi("another-secret")) {
			simulator(stub, FaultRates.NONE, Duration.ofSeconds(3)).withTruthFile(truthFile, Duration.ofSeconds(1))
				.run();

			List<String> hosts = Files.readAllLines(truthFile).stream().filter((l) -> !l.startsWith("#")).toList();
			assertThat(hosts).hasSize(10).allSatisfy((line) -> assertThat(line).matches("sim-3-\\d+(\t-){10}"));
			assertThat(failed(Files.readAllLines(truthFile), "401")).isPositive();
		}
	}

	private static void assertMatches(String[] truth, List<Map<String, Object>> checkIns) {
		assertThat(truth).as("a line for every host that checked in").isNotNull();
		Map<String, Object> last = checkIns.getLast();
		assertThat(Long.parseLong(truth[3])).isEqualTo(last.get("sequence"));
		assertThat(truth[4]).as("the hash the service holds").isEqualTo(last.get("reportHash"));
		Map<?, ?> report = (Map<?, ?>) checkIns.reversed()
			.stream()
			.filter((c) -> c.containsKey("report"))
			.findFirst()
			.orElseThrow()
			.get("report");
		Map<?, ?> hvo = (Map<?, ?>) report.get("hvo");
		Object switchOn = hvo.get("switchOn");
		assertThat(truth[6]).isEqualTo((switchOn == null) ? "-" : ((Boolean) switchOn ? "on" : "off"));
		String pools = ((List<?>) hvo.get("pools")).stream()
			.map((p) -> (Map<?, ?>) p)
			.map((p) -> p.get("pageSizeBytes") + "=" + p.get("total") + "/" + p.get("free"))
			.collect(Collectors.joining(","));
		assertThat(truth[7]).isEqualTo(pools.isEmpty() ? "-" : pools);
		assertThat(truth[8]).isEqualTo("0");
		Object persisted = hvo.get("switchPersisted");
		assertThat(truth[9]).isEqualTo((persisted == null) ? "-" : ((Boolean) persisted ? "on" : "off"));
		boolean modulesLoaded = ((List<?>) ((Map<?, ?>) report.get("vduse")).get("modules")).stream()
			.allMatch((m) -> "loaded".equals(((Map<?, ?>) m).get("state")));
		assertThat(truth[10]).isEqualTo(modulesLoaded ? "loaded" : "not-loaded");
	}

	private static long failed(List<String> lines, String status) {
		return lines.stream()
			.filter((line) -> line.startsWith("# failed "))
			.map((line) -> line.split(" "))
			.filter((fields) -> fields[3].equals(status))
			.mapToLong((fields) -> Long.parseLong(fields[4]))
			.sum();
	}

	private FleetSimulator simulator(StubAgentApi stub, FaultRates rates, Duration duration) {
		SimulatorConfig config = new SimulatorConfig(stub.uri(), "fleet-secret", 10, 3,
				Optional.of(Duration.ofSeconds(1)), duration, rates, Optional.empty(), 4, Duration.ofSeconds(2),
				Duration.ofMillis(500));
		return new FleetSimulator(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
				Clock.systemUTC());
	}

}
