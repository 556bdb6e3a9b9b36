package dev.kfleet.agent.report;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.fixtures.CaptureReports;
import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ReportJsonTests {

	@Test
	void writesAnUnknownReadingAsNullWithItsReasonInTheUnknownMember() {
		NodePool pool = new NodePool(0, Reading.of(5L), Reading.unknown("absent: /x"), Reading.of(1L));
		assertThat(ReportJson.toJson(pool, false))
			.isEqualTo("{\"node\":0,\"total\":5,\"free\":null,\"surplus\":1,\"unknown\":{\"free\":\"absent: /x\"}}");
	}

	@Test
	void leavesMembersAndTheirReasonsOutOfTheContentButNotOutOfTheDocument() {
		NodePool pool = new NodePool(0, Reading.of(5L), Reading.unknown("absent: /x"), Reading.of(1L));
		ReportJson.Written written = ReportJson.toJson(List.of(pool, pool),
				Set.of(new ReportJson.Member(NodePool.class, "free"), new ReportJson.Member(NodePool.class, "node"),
						new ReportJson.Member(AgentInfo.class, "total")));
		assertThat(written.json()).isEqualTo(ReportJson.toJson(List.of(pool, pool), false));
		assertThat(written.content()).isEqualTo("[{\"total\":5,\"surplus\":1},{\"total\":5,\"surplus\":1}]");
		NodePool unknowns = new NodePool(0, Reading.unknown("absent: /t"), Reading.unknown("absent: /x"),
				Reading.of(1L));
		assertThat(ReportJson.toJson(unknowns, Set.of(new ReportJson.Member(NodePool.class, "free"))).content())
			.isEqualTo("{\"node\":0,\"total\":null,\"surplus\":1,\"unknown\":{\"total\":\"absent: /t\"}}");
	}

	@Test
	void leavesOutSeveralMembersInARowAndEveryMemberOfAnObject() {
		NodePool pool = new NodePool(0, Reading.of(5L), Reading.of(2L), Reading.of(1L));
		Set<ReportJson.Member> firstTwo = Set.of(new ReportJson.Member(NodePool.class, "node"),
				new ReportJson.Member(NodePool.class, "total"));
		assertThat(ReportJson.toJson(pool, firstTwo).content()).isEqualTo("{\"free\":2,\"surplus\":1}");
		Set<ReportJson.Member> all = Set.of(new ReportJson.Member(NodePool.class, "node"),
				new ReportJson.Member(NodePool.class, "total"), new ReportJson.Member(NodePool.class, "free"),
				new ReportJson.Member(NodePool.class, "surplus"));
		assertThat(ReportJson.toJson(List.of(pool), all).content()).isEqualTo("[{}]");
	}

	@Test
	void writesEnumConstantsInLowerCaseWithDashes() {
		assertThat(ReportJson.toJson(List.of(ReclaimedMethod.ESTIMATE_ON_SINCE_BOOT, ModuleState.NOT_LOADED), false))
			.isEqualTo("[\"estimate-on-since-boot\",\"not-loaded\"]");
	}

	@Test
	void refusesANullComponentBecauseOnlyAReadingMayBeUnknown() {
		assertThatIllegalStateException().isThrownBy(() -> ReportJson.toJson(new AgentInfo(null, "/"), false));
	}

	@Test
	void everyNullInEveryCaptureReportHasAReasonAndEveryReasonANull() {
		for (Fixtures.Capture capture : Fixtures.all()) {
			assertNullsAndReasonsPair(ReportJson.toJson(CaptureReports.of(capture), false));
		}
	}

	@Test
	void everyNullInTheReportOfAnEmptyRootHasAReason(@TempDir Path root) {
		String json = ReportJson.toJson(new HostCollector(root, Clock.systemUTC()).collect(), false);
		assertThat(nullCount(JsonReader.parse(json))).isGreaterThan(20);
		assertNullsAndReasonsPair(json);
	}

	private static void assertNullsAndReasonsPair(String json) {
		List<String> problems = new ArrayList<>();
		check("$", JsonReader.parse(json), problems);
		assertThat(problems).isEmpty();
	}

	private static void check(String path, Object node, List<String> problems) {
		if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				check(path + "[" + i + "]", list.get(i), problems);
			}
		}
		if (!(node instanceof Map<?, ?> map)) {
			return;
		}
		Map<?, ?> reasons = (map.get("unknown") instanceof Map<?, ?> m && !path.endsWith(".options")) ? m : Map.of();
		map.forEach((key, value) -> {
			if (value == null && !reasons.containsKey(key)) {
				problems.add(path + "." + key + " is null without a reason");
			}
			if (!"unknown".equals(key)) {
				check(path + "." + key, value, problems);
			}
		});
		reasons.forEach((key, reason) -> {
			if (!map.containsKey(key) || map.get(key) != null) {
				problems.add(path + ".unknown." + key + " explains a member that is not null");
			}
		});
	}

	private static int nullCount(Object node) {
		return switch (node) {
			case null -> 1;
			case Map<?, ?> map -> map.values().stream().mapToInt(ReportJsonTests::nullCount).sum();
			case List<?> list -> list.stream().mapToInt(ReportJsonTests::nullCount).sum();
			default -> 0;
		};
	}

}
