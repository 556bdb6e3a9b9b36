package dev.kfleet.agent.server;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.stub.StubAgentApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AgentClientIntegrationTests {

	private final StubAgentApi stub = new StubAgentApi("the-secret");

	private final HttpClient http = AgentClient.newHttpClient(Duration.ofSeconds(5), null);

	private final AgentClient client = new AgentClient(this.http, this.stub.uri(), Duration.ofSeconds(10));

	AgentClientIntegrationTests() throws Exception {
	}

	@AfterEach
	void stop() {
		this.stub.close();
		this.http.close();
	}

	@Test
	void enrollsAndIsToldWhetherTheMachineIsNewOrItsTokenWasRotated() throws Exception {
		Enrollment first = this.client.enroll("the-secret", request("m-1"));
		Enrollment again = this.client.enroll("the-secret", request("m-1", first.hostToken(), RequestKey.generate()));
		assertThat(first.created()).isTrue();
		assertThat(again.created()).isFalse();
		assertThat(again.hostId()).isEqualTo(first.hostId());
		assertThat(again.hostToken()).isNotEqualTo(first.hostToken());
		assertThat(first.toString()).doesNotContain(first.hostToken());
	}

	@Test
	void aRefusedEnrollmentSecretIsUnauthorizedWithTheProblemsDetail() {
		ServerException ex = catchThrowableOfType(ServerException.class,
				() -> this.client.enroll("wrong", request("m-1")));
		assertThat(ex.kind()).isEqualTo(ServerException.Kind.UNAUTHORIZED);
		assertThat(ex.status()).isEqualTo(401);
		assertThat(ex.detail()).isEqualTo("unknown enrollment secret");
		assertThat(ex.getMessage()).doesNotContain("wrong");
	}

	@Test
	void checksInWithTheReportSplicedInVerbatimAndParsesTheDesiredState() throws Exception {
		Enrollment enrollment = this.client.enroll("the-secret", request("m-1"));
		this.stub.desire(enrollment.hostId(), List
			.of(Map.of("id", "a1", "type", "hvo.set-switch", "parameters", Map.of("enabled", true, "persist", false))));
		String report = "{\"schemaVersion\":1,\"x\":[1,2,{\"y\":\"}\"}]}";
		CheckInResponse response = this.client.checkIn(enrollment.hostToken(),
				new CheckInRequest("1.0", 1, ReportSnapshot.sha256(report), Optional.of(report), List.of()));
		assertThat(response.accepted()).isTrue();
		assertThat(response.acknowledgedSequence()).isEqualTo(1);
		assertThat(response.fullReportWanted()).isFalse();
		assertThat(response.desiredState().version()).isEqualTo(1);
		assertThat(response.desiredState().actions())
			.containsExactly(new Action("a1", "hvo.set-switch", Map.of("enabled", true, "persist", false)));
		assertThat(this.stub.checkIns().getFirst().get("report")).isEqualTo(JsonReader.parse(report));
	}

	@Test
	void aReplayedSequenceIsNotAcceptedAndSaysWhereToContinue() throws Exception {
		Enrollment enrollment = this.client.enroll("the-secret", request("m-1"));
		String report = "{}";
		CheckInRequest five = new CheckInRequest("1.0", 5, ReportSnapshot.sha256(report), Optional.of(report),
				List.of());
		this.client.checkIn(enrollment.hostToken(), five);
		CheckInResponse replay = this.client.checkIn(enrollment.hostToken(), five);
		assertThat(replay.accepted()).isFalse();
		assertThat(replay.acknowledgedSequence()).isEqualTo(5);
	}

	@Test
	void serverErrorsAndTooManyRequestsAreTransientWithTheirRetryAfter() throws Exception {
		Enrollment enrollment = this.client.enroll("the-secret", request("m-1"));
		this.stub.failNext(1, 503);
		this.stub.failNext(1, 429);
		for (int i = 0; i < 2; i++) {
			ServerException ex = catchThrowableOfType(ServerException.class,
					() -> this.client.ping(enrollment.hostToken()));
			assertThat(ex.kind()).isEqualTo(ServerException.Kind.TRANSIENT);
			assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
		}
	}

	@Test
	void otherClientErrorsCarryTheProblemsDetail() throws Exception {
		Enrollment enrollment = this.client.enroll("the-secret", request("m-1"));
		this.stub.failNext(1, 413);
		ServerException ex = catchThrowableOfType(ServerException.class,
				() -> this.client.checkIn(enrollment.hostToken(),
						new CheckInRequest("1.0", 1, "0".repeat(64), Optional.empty(), List.of())));
		assertThat(ex.kind()).isEqualTo(ServerException.Kind.CLIENT_ERROR);
		assertThat(ex.status()).isEqualTo(413);
		assertThat(ex.detail()).isEqualTo("injected failure");
	}

	@Test
	void pingAnswersForAValidTokenAndIsUnauthorizedForAnUnknownOne() throws Exception {
		Enrollment enrollment = this.client.enroll("the-secret", request("m-1"));
		this.client.ping(enrollment.hostToken());
		ServerException ex = catchThrowableOfType(ServerException.class, () -> this.client.ping("nope"));
		assertThat(ex.kind()).isEqualTo(ServerException.Kind.UNAUTHORIZED);
	}

	@Test
	void aRefusedConnectionIsTransient() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		AgentClient nowhere = new AgentClient(this.http, URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5));
		ServerException ex = catchThrowableOfType(ServerException.class, () -> nowhere.ping("t"));
		assertThat(ex.kind()).isEqualTo(ServerException.Kind.TRANSIENT);
		assertThat(ex.status()).isZero();
		assertThat(ex.detail()).contains("cannot connect");
	}

	@Test
	void aServiceThatNeverAnswersTimesOutAsTransient() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			AgentClient slow = new AgentClient(this.http, URI.create("http://127.0.0.1:" + silent.getLocalPort()),
					Duration.ofMillis(200));
			ServerException ex = catchThrowableOfType(ServerException.class, () -> slow.ping("t"));
			assertThat(ex.kind()).isEqualTo(ServerException.Kind.TRANSIENT);
			assertThat(ex.detail()).startsWith("timed out");
		}
	}

	@Test
	void enrollingAMachineWithAnActiveAgentWithoutProofMakesARequestOnlyItsKeyCanCollect() throws Exception {
		Enrollment first = this.client.enroll("the-secret", request("m-1"));
		String key = RequestKey.generate();
		ServerException pending = catchThrowableOfType(ServerException.class,
				() -> this.client.enroll("the-secret", request("m-1", "host-guessed", key)));
		assertThat(pending.kind()).isEqualTo(ServerException.Kind.APPROVAL_REQUIRED);
		assertThat(pending.status()).isEqualTo(409);
		ApprovalRequest request = pending.approval().orElseThrow();
		assertThat(request.requestId().orElseThrow()).matches("[0-9a-f-]{36}");
		assertThat(request.fingerprint()).contains(RequestKey.fingerprint(key));
		assertThat(request.state()).contains("pending");
		this.stub.decide(request.requestId().orElseThrow(), true);
		assertThat(catchThrowableOfType(ServerException.class,
				() -> this.client.enroll("the-secret", request("m-1", null, RequestKey.generate())))
			.kind()).as("another key").isEqualTo(ServerException.Kind.APPROVAL_REQUIRED);
		Enrollment approved = this.client.enroll("the-secret", request("m-1", null, key));
		assertThat(approved.hostId()).isEqualTo(first.hostId());
		assertThat(this.stub.enrollBodies().getLast()).containsEntry("requestKey", key);
	}

	@Test
	void aRejectedRequestSaysSo() throws Exception {
		this.client.enroll("the-secret", request("m-1"));
		String key = RequestKey.generate();
		ServerException pending = catchThrowableOfType(ServerException.class,
				() -> this.client.enroll("the-secret", request("m-1", null, key)));
		this.stub.decide(pending.approval().orElseThrow().requestId().orElseThrow(), false);
		ServerException rejected = catchThrowableOfType(ServerException.class,
				() -> this.client.enroll("the-secret", request("m-1", null, key)));
		assertThat(rejected.approval().orElseThrow().rejected()).isTrue();
	}

	@Test
	void aServiceOlderThanTheEnrollmentProofIsEnrolledWithWithoutIt() throws Exception {
		this.stub.legacy();
		Enrollment enrollment = this.client.enroll("the-secret", request("m-1", "t", RequestKey.generate()));
		assertThat(enrollment.created()).isTrue();
		assertThat(this.stub.enrollBodies()).hasSize(1);
		assertThat(this.stub.enrollBodies().getFirst()).doesNotContainKeys("hostToken", "requestKey");
	}

	@Test
	void anAnswerLongerThanTheLimitIsATransientFailureAndIsNotReadWhole() throws Exception {
		Enrollment enrollment = this.client.enroll("the-secret", request("m-1"));
		AgentClient small = new AgentClient(this.http, this.stub.uri(), Duration.ofSeconds(10), 64 * 1024);
		String tenMegabytes = "{\"x\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}";
		for (boolean chunked : new boolean[] { false, true }) {
			this.stub.answerCheckIns(1, tenMegabytes, chunked);
			ServerException ex = catchThrowableOfType(ServerException.class,
					() -> small.checkIn(enrollment.hostToken(), checkIn(1)));
			assertThat(ex.kind()).isEqualTo(ServerException.Kind.TRANSIENT);
			assertThat(ex.detail()).contains("is not the contract's: the response body is larger than 65536 bytes");
		}
		this.stub.answerCheckIns(1, "{\"accepted\":true,\"acknowledgedSequence\":9223372036854775807,"
				+ "\"fullReportWanted\":false,\"nextCheckInSeconds\":30,\"desiredState\":{\"version\":0,\"actions\":[]}}",
				false);
		ServerException bounds = catchThrowableOfType(ServerException.class,
				() -> small.checkIn(enrollment.hostToken(), checkIn(1)));
		assertThat(bounds.kind()).isEqualTo(ServerException.Kind.TRANSIENT);
		assertThat(bounds.detail()).contains("\"acknowledgedSequence\" is 9223372036854775807, not within 0 to");
		assertThat(small.checkIn(enrollment.hostToken(), checkIn(1)).accepted()).isTrue();
	}

	private static CheckInRequest checkIn(long sequence) {
		return new CheckInRequest("1.0", sequence, ReportSnapshot.sha256("{}"), Optional.of("{}"), List.of());
	}

	private static EnrollRequest request(String machineId) {
		return new EnrollRequest(machineId, "host-" + machineId, Optional.of("6.18.0"), "1.0");
	}

	private static EnrollRequest request(String machineId, String proof, String key) {
		return new EnrollRequest(machineId, "host-" + machineId, Optional.of("6.18.0"), "1.0",
				Optional.ofNullable(proof), Optional.of(key));
	}

}
