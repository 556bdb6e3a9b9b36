package dev.kfleet.agent.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.report.ReportJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireTests {

	@Test
	void anActionResultRoundTripsThroughItsJson() {
		ActionResult result = new ActionResult(2, "a", "hvo.rebuild-free-pages", ActionOutcome.FAILED, "short by 1",
				"2026-11-27T10:00:00Z", "2026-11-27T10:00:02Z", List.of(new PoolChange(2097152, 10, 8, 9, 7)));
		String json = ReportJson.toJson(result, false);
		assertThat(json).contains("\"outcome\":\"failed\"");
		assertThat(Wire.actionResult(JsonReader.parse(json))).isEqualTo(result);
	}

	@Test
	void anActionResultWithModulesRoundTripsAndOneWithoutLeavesTheMemberOut() {
		ActionResult loaded = new ActionResult(3, "1", "vduse.load-modules", ActionOutcome.SUCCEEDED, "loaded",
				"2026-12-07T10:00:00Z", "2026-12-07T10:00:01Z", List.of(),
				List.of(new ModuleChange("vdpa", true, true), new ModuleChange("vduse", false, true)));
		String json = ReportJson.toJson(loaded, false);
		assertThat(json).endsWith("\"pools\":[],\"modules\":[{\"name\":\"vdpa\",\"loadedBefore\":true,"
				+ "\"loadedAfter\":true},{\"name\":\"vduse\",\"loadedBefore\":false,\"loadedAfter\":true}]}");
		assertThat(Wire.actionResult(JsonReader.parse(json))).isEqualTo(loaded);
		ActionResult switched = new ActionResult(3, "2", "hvo.set-switch", ActionOutcome.SUCCEEDED, "on",
				"2026-12-07T10:00:00Z", "2026-12-07T10:00:01Z", List.of());
		String without = ReportJson.toJson(switched, false);
		assertThat(without).doesNotContain("modules").endsWith("\"pools\":[]}");
		assertThat(Wire.actionResult(JsonReader.parse(without))).isEqualTo(switched);
	}

	@Test
	void theCheckInBodyHasTheContractsMembersAndOmitsAnAbsentReport() {
		String body = Wire.checkInBody(new CheckInRequest("1.0", 7, "ab", Optional.empty(), List.of()));
		assertThat(JsonReader.parse(body)).isEqualTo(Map.of("agentVersion", "1.0", "sequence", 7L, "reportHash", "ab"));
	}

	@Test
	void aCheckInResponseWithoutItsRequiredMembersIsRefused() {
		assertThatThrownBy(() -> Wire.checkInResponse(JsonReader.parse("{\"accepted\":true}")))
			.isInstanceOf(Tree.MalformedException.class)
			.hasMessageContaining("acknowledgedSequence");
		assertThatThrownBy(() -> Wire.checkInResponse(JsonReader.parse("{\"accepted\":true,\"acknowledgedSequence\":1,"
				+ "\"fullReportWanted\":false,\"desiredState\":{\"version\":0,\"actions\":[]}}")))
			.hasMessageContaining("nextCheckInSeconds");
	}

	@Test
	void aSequenceOrVersionOutsideTheContractsBoundsMakesTheAnswerNotTheContracts() {
		for (String bad : new String[] { "\"acknowledgedSequence\":9007199254740992", "\"acknowledgedSequence\":-1",
				"\"acknowledgedSequence\":9223372036854775807", "\"acknowledgedSequence\":92233720368547758070" }) {
			assertThatThrownBy(() -> Wire.checkInResponse(JsonReader.parse(checkIn(bad, 0, "[]"))))
				.isInstanceOf(Tree.MalformedException.class)
				.hasMessageContaining("acknowledgedSequence");
		}
		assertThatThrownBy(() -> Wire
			.checkInResponse(JsonReader.parse(checkIn("\"acknowledgedSequence\":1", 9007199254740992L, "[]"))))
			.hasMessageContaining("\"desiredState.version\" is 9007199254740992, not within 0 to 9007199254740991");
		String seventeen = "["
				+ String.join(",", java.util.Collections.nCopies(17, "{\"id\":\"1\",\"type\":\"t\",\"parameters\":{}}"))
				+ "]";
		assertThatThrownBy(
				() -> Wire.checkInResponse(JsonReader.parse(checkIn("\"acknowledgedSequence\":1", 1, seventeen))))
			.hasMessageContaining("actions.length");
	}

	@Test
	void theLargestSequenceAndVersionAndAnyIntervalAreTakenTheIntervalClamped() {
		CheckInResponse response = Wire.checkInResponse(
				JsonReader.parse(checkIn("\"acknowledgedSequence\":9007199254740991", 9007199254740991L, "[]")
					.replace("\"nextCheckInSeconds\":30", "\"nextCheckInSeconds\":86400")));
		assertThat(response.acknowledgedSequence()).isEqualTo(Bounds.MAX_SEQUENCE);
		assertThat(response.desiredState().version()).isEqualTo(Bounds.MAX_VERSION);
		assertThat(response.nextCheckIn()).isEqualTo(java.time.Duration.ofHours(1));
		assertThat(Bounds.interval(0)).isEqualTo(java.time.Duration.ofSeconds(1));
	}

	@Test
	void anEnrollmentIsTakenOnlyWithAHostIdAndATokenAHeaderCanCarry() {
		String id = "\"hostId\":\"01234567-89ab-cdef-0123-456789abcdef\"";
		assertThat(Wire
			.enrollment(JsonReader.parse("{" + id + ",\"hostToken\":\"kfh_abc\",\"checkInIntervalSeconds\":30}"), true)
			.hostToken()).isEqualTo("kfh_abc");
		for (String token : new String[] { "", "a b", "a\\r\\nX-Evil: 1", "x".repeat(257), "é" }) {
			assertThatThrownBy(() -> Wire.enrollment(
					JsonReader.parse("{" + id + ",\"hostToken\":\"" + token + "\",\"checkInIntervalSeconds\":30}"),
					true))
				.hasMessageContaining("hostToken");
		}
		assertThatThrownBy(() -> Wire.enrollment(
				JsonReader.parse("{\"hostId\":\"../x\",\"hostToken\":\"t\",\"checkInIntervalSeconds\":30}"), true))
			.hasMessageContaining("hostId");
	}

	@Test
	void anEnrollBodyCarriesTheProofAndTheRequestKeyOnlyWhenThereAreSome() {
		Map<?, ?> plain = (Map<?, ?>) JsonReader
			.parse(Wire.enrollBody(new EnrollRequest("m", "h", Optional.empty(), "1.0")));
		assertThat(List.copyOf(plain.keySet()))
			.isEqualTo(List.of("machineId", "hostname", "kernelRelease", "agentVersion"));
		String key = RequestKey.generate();
		EnrollRequest request = new EnrollRequest("m", "h", Optional.of("6.1"), "1.0", Optional.of("kfh_t"),
				Optional.of(key));
		Map<?, ?> proof = (Map<?, ?>) JsonReader.parse(Wire.enrollBody(request));
		assertThat(proof.get("hostToken")).isEqualTo("kfh_t");
		assertThat(proof.get("requestKey")).isEqualTo(key);
		assertThat(request.toString()).doesNotContain("kfh_t")
			.doesNotContain(key)
			.contains("fingerprint " + RequestKey.fingerprint(key));
	}

	@Test
	void aRequestKeyIs32RandomBytesInBase64urlAndItsFingerprintTheStartOfItsSha256() {
		String key = RequestKey.generate();
		assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+");
		assertThat(RequestKey.isKey(key)).isTrue();
		assertThat(RequestKey.generate()).isNotEqualTo(key);
		assertThat(RequestKey.fingerprint("abc")).isEqualTo("ba7816bf8f01cfea");
		assertThat(RequestKey.isKey("short")).isFalse();
		assertThat(RequestKey.isKey(key.substring(1) + "=")).isFalse();
	}

	private static String checkIn(String sequence, long version, String actions) {
		return "{\"accepted\":true," + sequence + ",\"fullReportWanted\":false,\"nextCheckInSeconds\":30,"
				+ "\"desiredState\":{\"version\":" + version + ",\"actions\":" + actions + "}}";
	}

	@Test
	void aLongDetailIsCutToTheContractsLimit() {
		ActionResult result = new ActionResult(1, "a", "t", ActionOutcome.FAILED, "x".repeat(5000), "s", "f",
				List.of());
		assertThat(result.detail()).hasSize(ActionResult.MAX_DETAIL);
	}

}
