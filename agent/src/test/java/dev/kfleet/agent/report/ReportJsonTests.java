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
	void cutsATextLongerThanItsMaxLengthInCodePointsAndRecordsTheOriginalLength() {
		String version = "😀".repeat(300);
		String json = ReportJson.toJson(kernel(Reading.of(version), Reading.of("ro")), false);
		Map<?, ?> tree = (Map<?, ?>) JsonReader.parse(json);
		assertThat(tree.get("version")).isEqualTo("😀".repeat(256));
		assertThat(tree.get("truncated")).isEqualTo(Map.of("version", 300L));
		assertThat(json).endsWith(",\"truncated\":{\"version\":300}}");
	}

	@Test
	void recordsAReadingThatKeptOnlyTheStartOfATextWithItsOriginalLength() {
		Map<?, ?> tree = (Map<?, ?>) JsonReader
			.parse(ReportJson.toJson(kernel(Reading.of("6.1"), Reading.truncated("ro quiet", 3_000_000)), false));
		assertThat(tree.get("commandLine")).isEqualTo("ro quiet");
		assertThat(tree.get("truncated")).isEqualTo(Map.of("commandLine", 3_000_000L));
		assertThat(((Map<?, ?>) tree.get("unknown")).containsKey("commandLine")).isFalse();
	}

	@Test
	void cutsTheValuesOfAMapUnderTheMembersNameAndTheKey() {
		KernelConfig config = new KernelConfig("/boot/config-6.1",
				Map.of("CONFIG_PAGE_SHIFT", "1".repeat(300), "CONFIG_64BIT", "y"));
		Map<?, ?> tree = (Map<?, ?>) JsonReader.parse(ReportJson.toJson(config, false));
		assertThat(((Map<?, ?>) tree.get("options")).get("CONFIG_PAGE_SHIFT")).isEqualTo("1".repeat(256));
		assertThat(tree.get("truncated")).isEqualTo(Map.of("options.CONFIG_PAGE_SHIFT", 300L));
	}

	@Test
	void replacesControlCharactersAndCapsReasons() {
		NodePool pool = new NodePool(0, Reading.of(5L), Reading.unknown("x".repeat(5000)), Reading.of(1L));
		String reason = (String) ((Map<?, ?>) ((Map<?, ?>) JsonReader.parse(ReportJson.toJson(pool, false)))
			.get("unknown")).get("free");
		assertThat(reason).hasSize(1000).endsWith("x…");
		ConsumerNode node = new ConsumerNode("vd\u001b[2Ja\u0000", Reading.of("/dev/vda\tb"), Reading.unknown("none"),
				Reading.of(List.of()));
		Map<?, ?> tree = (Map<?, ?>) JsonReader.parse(ReportJson.toJson(node, false));
		assertThat(tree.get("name")).isEqualTo("vd\uFFFD[2Ja\uFFFD");
		assertThat(tree.get("path")).isEqualTo("/dev/vda\tb");
	}

	@Test
	void theLengthOfACutMemberLeftOutOfTheContentIsLeftOutToo() {
		KernelInfo kernel = kernel(Reading.of("v".repeat(300)), Reading.truncated("ro", 9));
		String content = ReportJson.toJson(kernel, Set.of(new ReportJson.Member(KernelInfo.class, "version")))
			.content();
		assertThat(content).contains("\"truncated\":{\"commandLine\":9}").doesNotContain("\"version\"");
		String none = ReportJson
			.toJson(kernel(Reading.of("v".repeat(300)), Reading.of("ro")),
					Set.of(new ReportJson.Member(KernelInfo.class, "version")))
			.content();
		assertThat(none).doesNotContain("truncated");
	}

	@Test
	void aReportRecordWithATextWithoutMaxLengthIsABug() {
		assertThatIllegalStateException().isThrownBy(() -> ReportJson.toJson(new Unbounded("x"), false))
			.withMessageContaining("Unbounded.text needs a @MaxLength");
	}

	private static KernelInfo kernel(Reading<String> version, Reading<String> commandLine) {
		return new KernelInfo(Reading.of("6.1.0"), version, Reading.of("x86_64"), Reading.of(4096L), commandLine,
				Reading.unknown("absent: /proc/sys/kernel/random/boot_id"), Reading.unknown("none"));
	}

	/** A report record that forgot its bound. */
	record Unbounded(String text) {
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
