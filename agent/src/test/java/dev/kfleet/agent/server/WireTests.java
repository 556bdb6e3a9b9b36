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
				+ "\"fullReportWanted\":false,\"nextCheckInSeconds\":0,\"desiredState\":{\"version\":0,\"actions\":[]}}")))
			.hasMessageContaining("nextCheckInSeconds");
	}

	@Test
	void aLongDetailIsCutToTheContractsLimit() {
		ActionResult result = new ActionResult(1, "a", "t", ActionOutcome.FAILED, "x".repeat(5000), "s", "f",
				List.of());
		assertThat(result.detail()).hasSize(ActionResult.MAX_DETAIL);
	}

}
