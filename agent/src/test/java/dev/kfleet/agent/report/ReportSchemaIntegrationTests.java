package dev.kfleet.agent.report;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.fixtures.CaptureReports;
import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.fixtures.Fixtures.Capture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real agent output validates against the {@code HostReport} schema in
 * {@code openapi.yaml}: the agent and the service share one contract.
 */
class ReportSchemaIntegrationTests {

	private static HostReportSchema schema;

	@BeforeAll
	static void loadSchema() {
		schema = HostReportSchema.load();
	}

	static List<Capture> captures() {
		return Fixtures.all();
	}

	@ParameterizedTest
	@MethodSource("captures")
	void everyCapturesReportValidates(Capture capture) {
		assertThat(schema.validate(ReportJson.toJson(CaptureReports.of(capture), false))).isEmpty();
	}

	@Test
	void thisHostsReportValidates() {
		assertThat(
				schema.validate(ReportJson.toJson(new HostCollector(Path.of("/"), Clock.systemUTC()).collect(), true)))
			.isEmpty();
	}

	@Test
	void aReportOfAnEmptyRootValidates(@TempDir Path root) {
		assertThat(schema.validate(ReportJson.toJson(new HostCollector(root, Clock.systemUTC()).collect(), false)))
			.isEmpty();
	}

	@Test
	void theSchemaRejectsAMemberItDoesNotDescribe() {
		String json = ReportJson.toJson(CaptureReports.of(Fixtures.all().getFirst()), false);
		assertThat(schema.validate(json.replaceFirst("\"schemaVersion\":1", "\"schemaVersion\":1,\"extra\":true")))
			.isNotEmpty();
	}

	@Test
	void theSchemaRejectsAnUnknownReasonForAMemberThatCannotBeNull() {
		String json = ReportJson.toJson(CaptureReports.of(Fixtures.all().getFirst()), false);
		assertThat(schema.validate(json.replaceFirst("\"runtimeSwitch\":true",
				"\"runtimeSwitch\":true,\"unknown\":{\"runtimeSwitch\":\"x\"}")))
			.isNotEmpty();
	}

	@Test
	void theSchemaRejectsAFractionalByteCount() {
		String json = ReportJson.toJson(CaptureReports.of(Fixtures.all().getFirst()), false);
		assertThat(json).contains("\"pageSizeBytes\":4096");
		assertThat(schema.validate(json.replaceFirst("\"pageSizeBytes\":4096", "\"pageSizeBytes\":4096.5")))
			.isNotEmpty();
	}

}
