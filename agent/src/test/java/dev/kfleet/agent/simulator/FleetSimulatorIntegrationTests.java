package dev.kfleet.agent.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.kfleet.agent.report.HostReportSchema;
import dev.kfleet.agent.stub.StubAgentApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's smoke test: 10 hosts for about 5 s against a stub of the agent API.
 */
class FleetSimulatorIntegrationTests {

	@TempDir
	Path temp;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@Test
	void tenHostsEnrollCheckInWithFullReportsThenHashesAndKeepTheirTokensForTheNextRun() throws Exception {
		Path stateFile = this.temp.resolve("sim-state.tsv");
		try (StubAgentApi stub = new StubAgentApi("fleet-secret")) {
			stub.interval(1);
			String summary = simulator(stub, Duration.ofSeconds(5), stateFile, FaultRates.NONE).run();
			assertThat(stub.hosts()).isEqualTo(10);
			Map<Object, List<Map<String, Object>>> byHost = stub.checkIns()
				.stream()
				.collect(Collectors.groupingBy((c) -> c.get("hostId")));
			assertThat(byHost).hasSize(10);
			for (List<Map<String, Object>> checkIns : byHost.values()) {
				assertThat(checkIns).hasSizeGreaterThanOrEqualTo(2);
				assertThat(checkIns.getFirst()).containsKey("report");
				assertThat(checkIns.subList(1, checkIns.size()))
					.allSatisfy((c) -> assertThat(c).doesNotContainKey("report"));
				assertThat(checkIns).extracting((c) -> c.get("sequence")).isSorted().doesNotHaveDuplicates();
			}
			HostReportSchema contract = HostReportSchema.load("CheckInRequest");
			assertThat(stub.checkInBodies()).allSatisfy((body) -> assertThat(contract.validate(body)).isEmpty());
			assertThat(summary).contains("enrollments=10 errors=0");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile))).isEqualTo("rw-------");
			assertThat(Files.readAllLines(stateFile)).hasSize(11);
			simulator(stub, Duration.ofSeconds(2), stateFile, FaultRates.NONE).run();
			assertThat(stub.enrollments()).as("the second run reused the tokens").isEqualTo(10);
		}
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("simulating 10 hosts (seed 3, 10 enrollments");
	}

	@Test
	void hostsApplyTheirDesiredStateAndFailingOnesReportFailures() throws Exception {
		Path stateFile = this.temp.resolve("sim-state.tsv");
		try (StubAgentApi stub = new StubAgentApi("fleet-secret")) {
			stub.interval(1);
			FleetSimulator warmup = simulator(stub, Duration.ofSeconds(2), stateFile, new FaultRates(0.5, 0, 0, 0));
			warmup.run();
			List<Object> hostIds = stub.checkIns().stream().map((c) -> c.get("hostId")).distinct().toList();
			for (Object hostId : hostIds) {
				stub.desire((String) hostId,
						List.of(Map.of("id", "1", "type", "hvo.set-switch", "parameters",
								Map.of("enabled", true, "persist", true)),
								Map.of("id", "2", "type", "hvo.rebuild-free-pages", "parameters", Map.of()),
								Map.of("id", "3", "type", "vduse.load", "parameters", Map.of()),
								Map.of("id", "4", "type", "vduse.load-modules", "parameters", Map.of())));
			}
			FleetSimulator run = simulator(stub, Duration.ofSeconds(4), stateFile, new FaultRates(0.5, 0, 0, 0));
			run.run();
			assertThat(run.stats().refused.sum()).isEqualTo(10);
			assertThat(run.stats().succeeded.sum()).isPositive();
			assertThat(run.stats().failed.sum()).isPositive();
			List<String> withResults = stub.checkInBodies()
				.stream()
				.filter((b) -> b.contains("\"actionResults\""))
				.toList();
			assertThat(withResults).hasSize(10);
			HostReportSchema contract = HostReportSchema.load("CheckInRequest");
			assertThat(withResults).allSatisfy((body) -> assertThat(contract.validate(body)).isEmpty())
				.anySatisfy((body) -> assertThat(body)
					.contains("\"type\":\"vduse.load-modules\",\"outcome\":" + "\"succeeded\"")
					.contains("{\"name\":\"vduse\",\"loadedBefore\":false,\"loadedAfter\":true}"));
		}
	}

	@Test
	void theSameFleetWithoutItsStateFileAsksForApprovalAndTakesNoHostOver() throws Exception {
		try (StubAgentApi stub = new StubAgentApi("fleet-secret")) {
			stub.interval(1);
			simulator(stub, Duration.ofSeconds(2), null, FaultRates.NONE).run();
			List<Object> before = stub.checkIns().stream().map((c) -> c.get("hostId")).distinct().toList();
			String summary = simulator(stub, Duration.ofSeconds(2), null, FaultRates.NONE).run();
			assertThat(summary).contains("check-ins=0 ").contains("client=");
			assertThat(stub.enrollBodies().subList(10, stub.enrollBodies().size()))
				.allSatisfy((body) -> assertThat(body).containsKey("requestKey").doesNotContainKey("hostToken"));
			assertThat(stub.checkIns().stream().map((c) -> c.get("hostId")).distinct().toList()).isEqualTo(before);
		}
	}

	@Test
	void aHostWhoseSequenceWouldPassTwoToThe53EnrollsAgainWithItsTokenAsProof() throws Exception {
		Path stateFile = this.temp.resolve("sim-state.tsv");
		try (StubAgentApi stub = new StubAgentApi("fleet-secret")) {
			stub.interval(1);
			simulator(stub, Duration.ofSeconds(2), stateFile, FaultRates.NONE).run();
			List<String> lines = Files.readAllLines(stateFile);
			Files.write(stateFile,
					lines.stream()
						.map((line) -> line.startsWith("#") ? line : line.replaceAll("\t[0-9]+$", "\t9007199254740992"))
						.toList());
			String summary = simulator(stub, Duration.ofSeconds(2), stateFile, FaultRates.NONE).run();
			assertThat(summary).contains("enrollments=10 errors=0");
			assertThat(stub.enrollBodies().subList(10, 20))
				.allSatisfy((body) -> assertThat(body).containsKey("hostToken"));
			assertThat(stub.checkIns()).extracting((c) -> (Long) c.get("sequence"))
				.allMatch((sequence) -> sequence <= 9007199254740991L);
		}
	}

	private FleetSimulator simulator(StubAgentApi stub, Duration duration, Path stateFile, FaultRates rates) {
		SimulatorConfig config = new SimulatorConfig(stub.uri(), "fleet-secret", 10, 3,
				Optional.of(Duration.ofSeconds(1)), duration, rates, Optional.ofNullable(stateFile), 4,
				Duration.ofSeconds(1), Duration.ofMillis(500));
		return new FleetSimulator(config, new PrintStream(this.out, true, StandardCharsets.UTF_8), Clock.systemUTC());
	}

}
