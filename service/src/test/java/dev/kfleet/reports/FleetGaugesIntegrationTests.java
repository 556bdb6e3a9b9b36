package dev.kfleet.reports;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.KillablePostgres;
import dev.kfleet.ServiceInstance;
import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.server.ReportSnapshot;
import dev.kfleet.agent.simulator.FaultRates;
import dev.kfleet.agent.simulator.FleetSimulator;
import dev.kfleet.agent.simulator.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet's gauges are the sums of what the hosts' agents reported: captured kernels
 * (HVO off, HVO on with 128 × 2 MiB pages, two VDUSE devices) and a simulated fleet, each
 * reporting through the agent API; the expected values are computed from the reports the
 * agents sent, not from the service's columns.
 */
class FleetGaugesIntegrationTests {

	static final Path FIXTURES = Path.of("..", "agent", "src", "test", "fixtures");

	static final List<String> CAPTURES = List.of("linux-6.18-vm/a-hvo-off-no-pools", "linux-6.18-vm/c-hvo-on-128x2M",
			"linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theFleetGaugesAreTheSumsOfWhatTheAgentsReported() throws Exception {
		try (KillablePostgres postgres = KillablePostgres.start();
				ServiceInstance service = ServiceInstance.start(postgres.createDatabase("kfleet"),
						Map.of("kfleet.hosts.check-in-interval", "1s"))) {
			ApiClient anonymous = service.client();
			String secret = anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN)
				.post("/api/v1/enrollment-secrets", "{\"name\":\"gauges\"}")
				.json()
				.get("value")
				.stringValue();
			for (String capture : CAPTURES) {
				report(anonymous, secret, capture);
			}
			new FleetSimulator(
					new SimulatorConfig(URI.create("http://localhost:" + service.port()), secret, 25, 7,
							Optional.empty(), Duration.ofSeconds(6), new FaultRates(0, 0, 0, 0, 1), Optional.empty(),
							16, Duration.ofMinutes(1), Duration.ofSeconds(1)),
					new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC())
				.run();
			Map<String, Double> expected = expected(service.bean(JdbcClient.class));
			assertThat(expected.keySet()).contains("hosts hvo=on")
				.anyMatch((gauge) -> gauge.startsWith("vduse.devices driver=vhost_vdpa"));
			assertThat(
					expected.get("vduse.orphaned-devices type=block") + expected.get("vduse.orphaned-devices type=net"))
				.isPositive();
			MeterRegistry meters = service.bean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(FleetGaugeValues.of(meters)).isEqualTo(expected));
		}
	}

	/** Enrolls a host whose agent reports a captured kernel. */
	private static void report(ApiClient anonymous, String secret, String capture) {
		ApiResponse enrolled = anonymous.as(secret)
			.post("/agent/v1/enroll", "{\"machineId\":\"m-" + UUID.randomUUID()
					+ "\",\"hostname\":\"captured\",\"agentVersion\":\"0.1.0\"}");
		String report = ReportJson.toJson(new HostCollector(FIXTURES.resolve(capture).resolve("fs"),
				Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC))
			.collect(), false);
		ApiResponse checkIn = anonymous.as(enrolled.json().get("hostToken").stringValue())
			.post("/agent/v1/check-in", "{\"agentVersion\":\"0.1.0\",\"sequence\":1,\"reportHash\":\""
					+ ReportSnapshot.sha256(report) + "\",\"report\":" + report + "}");
		assertThat(checkIn.status()).as(checkIn.body()).isEqualTo(200);
	}

	/** The gauges' values, from the reports as the agents sent them. */
	private static Map<String, Double> expected(JdbcClient jdbc) {
		Map<String, Double> sums = new HashMap<>();
		for (String state : List.of("on", "off", "unsupported", "unknown")) {
			sums.put("hosts hvo=" + state, 0.0);
		}
		for (String kind : List.of("reclaimed", "reclaimable", "additional")) {
			sums.put("hvo.bytes group=all,kind=" + kind, 0.0);
		}
		// Every agent has stopped when the gauges are read: each host ends stale (after
		// three check-in intervals of 1 s).
		sums.put("hosts.stale", (double) jdbc.sql("SELECT count(*) FROM host").query(Long.class).single());
		sums.put("memory.installed group=all", 0.0);
		sums.put("vduse.orphaned-devices type=block", 0.0);
		sums.put("vduse.orphaned-devices type=net", 0.0);
		for (String text : jdbc.sql("SELECT report FROM host_report").query(String.class).list()) {
			JsonNode report = JSON.readTree(text);
			JsonNode hvo = report.path("hvo");
			sums.merge("hosts hvo=" + hvo(hvo), 1.0, Double::sum);
			String series = report.path("kernel").path("release").asString().replaceAll("^(\\d+\\.\\d+).*", "$1");
			sums.merge("hosts.by-kernel hvo=" + hvo(hvo) + ",kernel=" + series, 1.0, Double::sum);
			JsonNode memmap = hvo.path("memmap");
			if (memmap.path("memoryBlocks").isNumber() && memmap.path("memoryBlockSizeBytes").isNumber()) {
				sums.merge("memory.installed group=all",
						memmap.path("memoryBlocks").asDouble() * memmap.path("memoryBlockSizeBytes").asDouble(),
						Double::sum);
			}
			JsonNode savings = hvo.path("savings");
			sums.merge("hvo.bytes group=all,kind=reclaimed", savings.path("reclaimedBytes").asDouble(0), Double::sum);
			sums.merge("hvo.bytes group=all,kind=reclaimable", savings.path("reclaimableBytes").asDouble(0),
					Double::sum);
			sums.merge("hvo.bytes group=all,kind=additional", savings.path("additionalBytes").asDouble(0), Double::sum);
			for (JsonNode pool : hvo.path("pools")) {
				sums.merge("hugetlb.bytes group=all,page_size=" + PageSizes.label(pool.path("pageSizeBytes").asLong()),
						pool.path("total").asDouble(0) * pool.path("pageSizeBytes").asLong(), Double::sum);
			}
			for (JsonNode device : report.path("vduse").path("devices")) {
				String driver = device.path("driver").isString() ? device.path("driver").stringValue() : "none";
				String type = device.path("type").isString() ? device.path("type").stringValue() : "unknown";
				sums.merge(
						"vduse.devices driver=" + driver + ",health="
								+ device.path("health").path("verdict").stringValue() + ",type=" + type,
						1.0, Double::sum);
				if (device.path("backends").isArray() && device.path("backends").isEmpty()) {
					sums.merge("vduse.orphaned-devices type=" + type, 1.0, Double::sum);
				}
			}
		}
		return sums;
	}

	private static String hvo(JsonNode hvo) {
		JsonNode supported = hvo.path("support").path("supported");
		JsonNode on = hvo.path("switchOn");
		if (supported.isBoolean() && !supported.booleanValue()) {
			return "unsupported";
		}
		if (!supported.isBoolean() || !on.isBoolean()) {
			return "unknown";
		}
		return on.booleanValue() ? "on" : "off";
	}

}
