package dev.kfleet.agents;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kfleet.ApiClient;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agents.AgentFixtures.Agent;

import static dev.kfleet.agents.AgentFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command lines can hold secrets: viewers do not read them, operators and admins do.
 * Every response is checked against the contract by the {@link ApiClient}, so a viewer's
 * report still validates against {@code HostReport}.
 */
@KfleetIntegrationTest
class CommandLinesIntegrationTests {

	static final String REPORT = AgentReports.report(AgentReports.VDUSE_TWO_DEVICES);

	static final String HIDDEN = "hidden: needs the operator role";

	@LocalServerPort
	int port;

	ApiClient admin;

	Agent agent;

	@BeforeEach
	void setUp() {
		ApiClient anonymous = new ApiClient(this.port);
		this.admin = anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
		this.agent = Agent.enroll(anonymous, AgentFixtures.enrollmentSecret(this.admin), "cmdline");
		assertThat(anonymous.as(this.agent.token()).post("/agent/v1/check-in", checkIn(1, REPORT)).status())
			.isEqualTo(200);
	}

	@Test
	void aViewerReadsTheReportWithoutCommandLinesAndOperatorsReadItAsStored() {
		JsonNode sent = JsonMapper.builder().build().readTree(REPORT);
		assertThat(sent.at("/kernel/commandLine").stringValue()).isNotBlank();
		JsonNode viewed = as("viewer").get("/api/v1/hosts/{id}/report", this.agent.hostId()).json();
		JsonNode report = viewed.get("report");
		assertThat(report.at("/kernel/commandLine").isNull()).isTrue();
		assertThat(report.at("/kernel/unknown/commandLine").stringValue()).isEqualTo(HIDDEN);
		assertThat(report.at("/kernel/unknown/bootId")).isEqualTo(sent.at("/kernel/unknown/bootId"));
		JsonNode backend = report.at("/vduse/devices/0/backends/0");
		assertThat(backend.get("cmdline").isNull()).isTrue();
		assertThat(backend.at("/unknown/cmdline").stringValue()).isEqualTo(HIDDEN);
		assertThat(report.toString()).doesNotContain("--blockdev");
		assertThat(viewed.get("reportHash").stringValue()).isEqualTo(AgentReports.sha256(REPORT));

		for (String role : new String[] { "operator", "admin" }) {
			assertThat(as(role).get("/api/v1/hosts/{id}/report", this.agent.hostId()).json().get("report")).as(role)
				.isEqualTo(sent);
		}
	}

	@Test
	void aViewerSeesOnlyTheNameOfAVduseBackEndsProgram() {
		JsonNode viewed = as("viewer").get("/api/v1/hosts/{id}/vduse-devices", this.agent.hostId()).json();
		assertThat(viewed.at("/items/0/backendCommand").stringValue()).isEqualTo("qemu-storage-daemon");
		assertThat(viewed.at("/items/1/backendCommand").stringValue()).isEqualTo("qemu-storage-daemon");
		JsonNode operated = as("operator").get("/api/v1/hosts/{id}/vduse-devices", this.agent.hostId()).json();
		assertThat(operated.at("/items/0/backendCommand").stringValue())
			.startsWith("qemu-storage-daemon --blockdev driver=file");
	}

	private ApiClient as(String role) {
		if ("admin".equals(role)) {
			return this.admin;
		}
		String token = this.admin.post("/api/v1/tokens", "{\"name\":\"" + role + "\",\"role\":\"" + role + "\"}")
			.json()
			.get("secret")
			.stringValue();
		return this.admin.as(token);
	}

}
