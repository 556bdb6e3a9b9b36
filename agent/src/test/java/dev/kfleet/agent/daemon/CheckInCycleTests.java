package dev.kfleet.agent.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.ServerException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckInCycleTests {

	@TempDir
	Path temp;

	private final FakeServer server = new FakeServer();

	private final ByteArrayOutputStream log = new ByteArrayOutputStream();

	private AgentConfig config;

	@BeforeEach
	void setUp() throws IOException {
		Path root = this.temp.resolve("root");
		Fixtures.copyTree(Fixtures.named("linux-6.18-vm/e-mixed-100off-50on").root(), root);
		Files.writeString(root.resolve("proc/sys/vm/hugetlb_optimize_vmemmap"), "0\n");
		Files.createDirectories(root.resolve("etc"));
		Files.writeString(root.resolve("etc/machine-id"), "0123456789abcdef0123456789abcdef\n");
		Path secret = Files.writeString(this.temp.resolve("secret"), "  s3cret-value\n");
		this.config = AgentConfig.defaults(URI.create("http://kfleet.example:8080"), secret)
			.withRoot(root)
			.withStateDir(this.temp.resolve("state"))
			.withSysctlDropIn(this.temp.resolve("sysctl.d/90-kfleet-hvo.conf"));
	}

	@Test
	void enrollsWithTheTrimmedSecretThenSendsTheFullReportThenOnlyItsHash() throws Exception {
		try (CheckInCycle cycle = open()) {
			CycleOutcome first = cycle.runOnce();
			CycleOutcome second = cycle.runOnce();
			assertThat(first.enrolled()).isTrue();
			assertThat(first.fullReportSent()).isTrue();
			assertThat(first.nextDelay()).isEqualTo(Duration.ofSeconds(30));
			assertThat(second.enrolled()).isFalse();
			assertThat(second.fullReportSent()).isFalse();
			assertThat(this.server.checkIns).extracting((r) -> r.sequence()).containsExactly(1L, 2L);
			assertThat(this.server.checkIns.get(1).reportHash()).isEqualTo(this.server.checkIns.get(0).reportHash());
		}
		assertThat(this.server.secretsSeen).containsExactly("s3cret-value");
		assertThat(this.server.enrollments.getFirst().machineId()).isEqualTo("0123456789abcdef0123456789abcdef");
		assertThat(logText()).doesNotContain("s3cret-value")
			.doesNotContain("token-1")
			.contains("event=enrolled hostId=host-1");
	}

	@Test
	void enrollsWithTheConfiguredHostNameInsteadOfTheOneUnderTheRoot() throws Exception {
		this.config = this.config.withHostname("node-7.example");
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
		}
		assertThat(this.server.enrollments.getFirst().hostname()).isEqualTo("node-7.example");
	}

	@Test
	void appliesANewerDesiredStateToTheTreeAndReportsTheResultsOnTheNextCheckIn() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
			this.server.desired = new DesiredState(3,
					List.of(new Action("1", "hvo.set-switch", Map.of("enabled", true, "persist", true)),
							new Action("2", "hvo.rebuild-free-pages", Map.of()),
							new Action("3", "kernel.reboot", Map.of())));
			CycleOutcome applying = cycle.runOnce();
			CycleOutcome reporting = cycle.runOnce();
			CycleOutcome quiet = cycle.runOnce();
			assertThat(applying.applied()).isTrue();
			assertThat(applying.results()).extracting((r) -> r.outcome())
				.containsExactly(ActionOutcome.SUCCEEDED, ActionOutcome.SUCCEEDED, ActionOutcome.REFUSED);
			assertThat(reporting.applied()).isFalse();
			assertThat(reporting.reportedResults()).isEqualTo(applying.results());
			assertThat(quiet.reportedResults()).isEmpty();
		}
		assertThat(Files.readString(this.config.root().resolve("proc/sys/vm/hugetlb_optimize_vmemmap"))).isEqualTo("1");
		assertThat(Files.readString(this.config.sysctlDropIn())).contains("vm.hugetlb_optimize_vmemmap = 1");
		assertThat(this.server.checkIns.get(2).actionResults()).hasSize(3);
		assertThat(this.server.checkIns.get(2).reportJson()).as("the switch changed the report").isPresent();
	}

	@Test
	void aRestartedAgentContinuesTheSequenceAndKeepsItsPendingResults() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
			this.server.desired = new DesiredState(1,
					List.of(new Action("1", "hvo.set-switch", Map.of("enabled", true))));
			cycle.runOnce();
		}
		try (CheckInCycle restarted = open()) {
			CycleOutcome outcome = restarted.runOnce();
			assertThat(outcome.enrolled()).isFalse();
			assertThat(outcome.sequence()).isEqualTo(3);
			assertThat(outcome.reportedResults()).hasSize(1);
			assertThat(outcome.applied()).as("version 1 was applied before the restart").isFalse();
		}
	}

	@Test
	void jumpsToTheAcknowledgedSequencePlusOneWhenTheServiceRefusesAReplayedOne() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
			this.server.acknowledged = 41;
			CycleOutcome refused = cycle.runOnce();
			CycleOutcome next = cycle.runOnce();
			assertThat(refused.accepted()).isFalse();
			assertThat(next.sequence()).isEqualTo(42);
			assertThat(next.accepted()).isTrue();
		}
	}

	@Test
	void backsOffOnTransientErrorsAndResetsAfterASuccess() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
			for (int i = 0; i < 6; i++) {
				this.server.fail(ServerException.Kind.TRANSIENT, 503);
			}
			long lastCeiling = 0;
			for (int i = 1; i <= 6; i++) {
				CycleOutcome failed = cycle.runOnce();
				assertThat(failed.checkedIn()).isFalse();
				assertThat(failed.nextDelay()).isLessThanOrEqualTo(Duration.ofSeconds(1L << (i - 1)));
				lastCeiling = 1L << (i - 1);
			}
			assertThat(lastCeiling).isEqualTo(32);
			CycleOutcome recovered = cycle.runOnce();
			assertThat(recovered.checkedIn()).isTrue();
			assertThat(recovered.sequence()).as("failed attempts use no sequence").isEqualTo(2);
		}
		assertThat(logText())
			.contains("event=cycle-failed kind=transient detail=\"transient (HTTP 503): injected 503\"");
	}

	@Test
	void enrollsAgainWhenTheHostTokenIsRefusedAndChecksInAtOnce() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
			this.server.token = "rotated-elsewhere";
			CycleOutcome outcome = cycle.runOnce();
			assertThat(outcome.checkedIn()).isTrue();
			assertThat(outcome.enrolled()).isTrue();
			assertThat(outcome.sequence()).as("a new enrollment starts again from 1").isEqualTo(1);
			assertThat(outcome.fullReportSent()).isTrue();
		}
		assertThat(logText()).contains("event=host-token-refused");
	}

	@Test
	void keepsRetryingAndSaysSoWhenTheTokenIsRefusedAndTheSecretIsUnreadable() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
			this.server.token = "rotated-elsewhere";
			Files.delete(this.config.enrollSecretFile());
			CycleOutcome outcome = cycle.runOnce();
			assertThat(outcome.checkedIn()).isFalse();
			assertThat(outcome.failure()).hasValueSatisfying(
					(f) -> assertThat(f).isEqualTo("the enrollment secret file " + this.config.enrollSecretFile()
							+ " cannot be read (no such file or directory: " + this.config.enrollSecretFile() + ")"));
			assertThat(outcome.nextDelay()).isPositive();
		}
	}

	@Test
	void aRefusedEnrollmentSecretNamesTheFile() throws Exception {
		this.server.fail(ServerException.Kind.UNAUTHORIZED, 401);
		try (CheckInCycle cycle = open()) {
			CycleOutcome outcome = cycle.runOnce();
			assertThat(outcome.failure()).hasValueSatisfying((f) -> assertThat(f)
				.contains("the enrollment secret in " + this.config.enrollSecretFile() + " was refused"));
		}
	}

	@Test
	void theStateFileIsPrivateAndHoldsTheEnrollmentAndSequence() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
		}
		Path file = this.config.stateFile();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		Map<?, ?> state = (Map<?, ?>) JsonReader.parse(Files.readString(file));
		assertThat(state.get("hostToken")).isEqualTo("token-1");
		assertThat(state.get("nextSequence")).isEqualTo(2L);
		assertThat(state.get("server")).isEqualTo("http://kfleet.example:8080");
	}

	@Test
	void anUnusableStateDirectoryIsRefusedBeforeAnyRequestWithThePathAndWhatToDo() throws IOException {
		Path notADirectory = Files.writeString(this.temp.resolve("plain-file"), "x");
		AgentConfig broken = this.config.withStateDir(notADirectory.resolve("state"));
		assertThatThrownBy(() -> open(broken)).isInstanceOf(StateStoreException.class)
			.hasMessageStartingWith("the state directory " + notADirectory.resolve("state") + " is not usable (")
			.hasMessageEndingWith("or pass --state-dir / KFLEET_AGENT_STATE_DIR");
		assertThat(this.server.enrollments).isEmpty();
	}

	@Test
	void aGarbledStateFileIsRefusedWithWhatToDo() throws IOException {
		Files.createDirectories(this.config.stateDir());
		Files.writeString(this.config.stateFile(), "{not json");
		assertThatThrownBy(this::open).isInstanceOf(StateStoreException.class)
			.hasMessageContaining("is garbled")
			.hasMessageContaining("move it aside");
	}

	private CheckInCycle open() throws StateStoreException {
		return open(this.config);
	}

	private CheckInCycle open(AgentConfig config) throws StateStoreException {
		return CheckInCycle.open(config, this.server,
				new AgentLog(new PrintStream(this.log, true, StandardCharsets.UTF_8), config.clock()), (d) -> {
				}, () -> {
				});
	}

	private String logText() {
		return this.log.toString(StandardCharsets.UTF_8);
	}

}
