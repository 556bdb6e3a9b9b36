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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.Bounds;
import dev.kfleet.agent.server.CheckInRequest;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.RequestKey;
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
			// The results go out within 5 s, not after a whole interval; then the
			// interval again.
			assertThat(applying.nextDelay()).isEqualTo(java.time.Duration.ofSeconds(5));
			assertThat(reporting.nextDelay()).isGreaterThan(java.time.Duration.ofSeconds(5));
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
	void aSecretFileWithMoreThanTheSecretIsSaidSoAndNeverSent() throws Exception {
		Files.writeString(this.config.enrollSecretFile(), "s3cret-value\nsecond line\n");
		try (CheckInCycle cycle = open()) {
			CycleOutcome outcome = cycle.runOnce();
			assertThat(outcome.failure()).hasValueSatisfying((f) -> assertThat(f).contains("holds more than one word"));
		}
		assertThat(this.server.secretsSeen).isEmpty();
		assertThat(logText()).doesNotContain("s3cret-value");
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
	void aStateFileItCannotReadIsSetAsideAndTheAgentEnrollsAgainWithTheTokenItHeldAsProof() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
		}
		String broken = Files.readString(this.config.stateFile())
			.replace("\"nextSequence\": 2,", "\"nextSequence\": -9223372036854775808,");
		assertThat(broken).contains("-9223372036854775808");
		Files.writeString(this.config.stateFile(), broken);
		this.server.approvalRequired = true;
		try (CheckInCycle cycle = open()) {
			CycleOutcome outcome = cycle.runOnce();
			assertThat(outcome.enrolled()).isTrue();
			assertThat(outcome.checkedIn()).isTrue();
			assertThat(outcome.sequence()).isEqualTo(1);
		}
		assertThat(this.server.enrollments.getLast().hostToken()).contains("token-1");
		List<Path> aside;
		try (var files = Files.list(this.config.stateDir())) {
			aside = files.filter((f) -> f.getFileName().toString().startsWith("state.json.unreadable-")).toList();
		}
		assertThat(aside).hasSize(1);
		assertThat(Files.readString(aside.getFirst())).isEqualTo(broken);
		assertThat(logText())
			.contains("event=state-set-aside", "nextSequence is not a whole number",
					"action=\"enrolling again with the host token the file still held as proof\"")
			.doesNotContain("token-1");
	}

	@Test
	void aGarbledStateFileWithoutATokenMakesARequestOnlyItsKeyCanCollectOnceApproved() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
		}
		Files.writeString(this.config.stateFile(), "{not json");
		this.server.approvalRequired = true;
		try (CheckInCycle cycle = open()) {
			CycleOutcome waiting = cycle.runOnce();
			assertThat(waiting.checkedIn()).isFalse();
			assertThat(waiting.nextDelay()).isLessThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(cycle.runOnce().checkedIn()).isFalse();
		}
		String key = (String) ((Map<?, ?>) JsonReader.parse(Files.readString(this.config.stateFile())))
			.get("requestKey");
		assertThat(key).hasSize(43);
		try (CheckInCycle restarted = open()) {
			restarted.runOnce();
			this.server.approve();
			CycleOutcome approved = restarted.runOnce();
			assertThat(approved.enrolled()).isTrue();
			assertThat(approved.checkedIn()).isTrue();
		}
		assertThat(this.server.enrollments.subList(1, 5)).allSatisfy((r) -> {
			assertThat(r.requestKey()).contains(key);
			assertThat(r.hostToken()).isEmpty();
		});
		assertThat(((Map<?, ?>) JsonReader.parse(Files.readString(this.config.stateFile()))).get("requestKey"))
			.isNull();
		assertThat(logText())
			.contains("event=enrollment-pending-approval machineId=0123456789abcdef0123456789abcdef" + " requestId="
					+ FakeServer.REQUEST_ID + " fingerprint=" + RequestKey.fingerprint(key)
					+ " serviceFingerprint=same requestState=pending approve=\"POST /api/v1/enrollment-requests/"
					+ FakeServer.REQUEST_ID + "/approve\"")
			.doesNotContain(key);
	}

	@Test
	void aRejectedRequestIsAskedAgainSlowlyAndTheLogSaysHowToMakeANewOne() throws Exception {
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
		}
		Files.delete(this.config.stateFile());
		this.server.approvalRequired = true;
		this.server.requestState = "rejected";
		try (CheckInCycle cycle = open()) {
			CycleOutcome outcome = cycle.runOnce();
			assertThat(outcome.nextDelay()).isEqualTo(AgentConfig.DEFAULT_MAX_BACKOFF);
		}
		assertThat(logText()).contains("level=error event=enrollment-rejected",
				"To make a new request: stop the agent, delete " + this.config.stateFile());
	}

	@Test
	void aSequenceThatWouldPassTwoToThe53EnrollsAgainWithTheTokenAsProofAndStartsFromOne() throws Exception {
		this.server.approvalRequired = true;
		try (CheckInCycle cycle = open()) {
			cycle.runOnce();
			this.server.acknowledged = Bounds.MAX_SEQUENCE;
			CycleOutcome refused = cycle.runOnce();
			assertThat(refused.accepted()).isFalse();
			assertThat(((Map<?, ?>) JsonReader.parse(Files.readString(this.config.stateFile()))).get("renewal"))
				.isEqualTo(true);
			CycleOutcome renewed = cycle.runOnce();
			assertThat(renewed.enrolled()).isTrue();
			assertThat(renewed.sequence()).isEqualTo(1);
			assertThat(renewed.accepted()).isTrue();
		}
		assertThat(this.server.enrollments).hasSize(2);
		assertThat(this.server.enrollments.getLast().hostToken()).contains("token-1");
		assertThat(this.server.checkIns).extracting(CheckInRequest::sequence).allMatch((s) -> s <= Bounds.MAX_SEQUENCE);
		assertThat(logText()).contains("event=enrolling-again", "the next sequence would pass 2^53-1");
	}

	@Test
	void aBogusHighVersionBlocksRealOnesOnlyUntilTheServiceHandedOutASmallerOneThreeTimesOverTwoMinutes()
			throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
		this.config = this.config.withClock(clock);
		try (CheckInCycle cycle = open()) {
			this.server.desired = new DesiredState(1_000_000, List.of());
			assertThat(cycle.runOnce().applied()).isTrue();
			this.server.desired = switchOn(7);
			List<Boolean> applied = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				clock.advance(Duration.ofMinutes(1));
				applied.add(cycle.runOnce().applied());
			}
			assertThat(applied).containsOnly(false);
			this.server.desired = switchOn(8);
			CycleOutcome real = cycle.runOnce();
			assertThat(real.applied()).isTrue();
			assertThat(real.desiredVersion()).isEqualTo(8);
		}
		assertThat(logText()).contains("event=desired-version-taken-as-applied from=1000000 to=7");
		assertThat(Files.readString(this.config.root().resolve("proc/sys/vm/hugetlb_optimize_vmemmap")))
			.as("version 7 was never applied, 8 was")
			.isEqualTo("1");
	}

	@Test
	void aReplicaStaleForSecondsNeverMakesTheAgentApplyAnOldVersionAgain() throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
		this.config = this.config.withClock(clock);
		try (CheckInCycle cycle = open()) {
			this.server.desired = switchOn(7);
			assertThat(cycle.runOnce().applied()).isTrue();
			for (long version : new long[] { 6, 6, 6, 6, 7, 6, 6 }) {
				this.server.desired = switchOn(version);
				clock.advance(Duration.ofSeconds(5));
				assertThat(cycle.runOnce().applied()).isFalse();
			}
			clock.advance(Duration.ofMinutes(5));
			this.server.desired = switchOn(7);
			assertThat(cycle.runOnce().applied()).isFalse();
		}
		assertThat(logText()).doesNotContain("desired-version-taken-as-applied");
	}

	@Test
	void anIntervalOutsideTheContractIsClampedAndTheLogSaysSo() throws Exception {
		this.server.interval = 86_400;
		try (CheckInCycle cycle = open()) {
			assertThat(cycle.runOnce().nextDelay()).isEqualTo(Duration.ofHours(1));
		}
		assertThat(logText()).contains("event=interval-clamped member=checkInIntervalSeconds sent=86400 used=3600",
				"event=interval-clamped member=nextCheckInSeconds sent=86400 used=3600");
	}

	@Test
	void aCheckInTheServiceHeldIsFollowedByAWaitSpreadOverAnInterval() throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
		this.config = this.config.withClock(clock);
		try (CheckInCycle cycle = CheckInCycle.open(this.config, this.server,
				new AgentLog(new PrintStream(this.log, true, StandardCharsets.UTF_8), clock), (d) -> {
				}, () -> {
				}, () -> 0L)) {
			assertThat(cycle.runOnce().nextDelay()).isEqualTo(Duration.ofSeconds(30));
			this.server.duringCheckIn = () -> clock.advance(Duration.ofSeconds(14));
			assertThat(cycle.runOnce().nextDelay()).as("the earliest of [15 s, 45 s]")
				.isEqualTo(Duration.ofSeconds(15));
			this.server.duringCheckIn = () -> clock.advance(Duration.ofSeconds(1));
			assertThat(cycle.runOnce().nextDelay()).isEqualTo(Duration.ofSeconds(30));
		}
		assertThat(logText()).contains("tookMillis=14000");
	}

	private static DesiredState switchOn(long version) {
		return new DesiredState(version,
				List.of(new Action("1", "hvo.set-switch", Map.of("enabled", version != 7, "persist", false))));
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
