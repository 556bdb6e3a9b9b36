package dev.kfleet.reports;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

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
 * Every number of the memory and VDUSE reports is the sum over the hosts of what their
 * agents reported: captured kernels (HVO off, HVO on with 2 MiB and 1 GiB pages, VDUSE
 * devices) and a simulated fleet with orphaned VDUSE devices, each reporting through the
 * agent API. The expected figures are computed here from the reports as the agents sent
 * them ({@code host_report}), not from the columns the reports read.
 */
class ReportSumsIntegrationTests {

	static final List<String> CAPTURES = List.of("linux-6.18-vm/a-hvo-off-no-pools",
			"linux-6.18-vm/d-hvo-on-128x2M-1x1G", "linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa",
			"linux-6.12-debian/00-boot-no-vdpa-modules");

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** What the test reads of a host that sent no report: nothing known. */
	static final String NO_REPORT = "{\"hvo\":{\"support\":{},\"memmap\":{},\"savings\":{}},"
			+ "\"vduse\":{\"supported\":null,\"modules\":[]}}";

	@Test
	void everyReportNumberIsTheSumOverTheHostsOfWhatTheirAgentsReported() throws Exception {
		try (KillablePostgres postgres = KillablePostgres.start();
				ServiceInstance service = ServiceInstance.start(postgres.createDatabase("kfleet"),
						Map.of("kfleet.hosts.check-in-interval", "1s", "kfleet.reports.group-label-keys", "src"))) {
			ApiClient anonymous = service.client();
			ApiClient admin = anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
			String captured = secret(admin, "capture");
			for (String capture : CAPTURES) {
				report(anonymous, captured, capture);
			}
			new FleetSimulator(
					new SimulatorConfig(URI.create("http://localhost:" + service.port()), secret(admin, "sim"), 40, 11,
							Optional.empty(), Duration.ofSeconds(15), new FaultRates(0, 0, 0, 0, 0.5), Optional.empty(),
							16, Duration.ofMinutes(1), Duration.ofSeconds(1)),
					System.out, Clock.systemUTC())
				.run();
			List<Sent> sent = sent(service.bean(JdbcClient.class));
			// On a busy machine a few simulated hosts may not have enrolled in 6 s: the
			// expected figures are those of the hosts that did.
			assertThat(sent.stream().filter((host) -> host.report().has("agent"))).hasSizeGreaterThan(24);
			Expected all = Expected.of(sent, (host) -> true);
			assertThat(all.figures.get("hosts.on")).isPositive();
			assertThat(all.orphaned).as("the simulator orphaned devices").isPositive();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertMemory(admin, "", all);
				assertGroups(admin, "", "kernel", sent, (host) -> host.kernel);
				assertGroups(admin, "", "numaNodes", sent, (host) -> host.numaNodes);
				assertGroups(admin, "", "label:src", sent, (host) -> host.src);
				assertVduse(admin.get("/api/v1/reports/vduse").json().get("report"), all);
			});
			Expected simulated = Expected.of(sent, (host) -> "sim".equals(host.src));
			String selector = "&selector=" + URLEncoder.encode("src=sim", StandardCharsets.UTF_8);
			assertMemory(admin, selector, simulated);
			assertGroups(admin, selector, "kernel", sent.stream().filter((h) -> "sim".equals(h.src)).toList(),
					(host) -> host.kernel);
			assertVduse(admin.get("/api/v1/reports/vduse?" + selector.substring(1)).json().get("report"), simulated);
			assertPageSizes(admin, sent);
			JsonNode orphans = admin.get("/api/v1/reports/vduse/devices?problem=orphaned&limit=500").json();
			assertThat(orphans.get("items").size()).isEqualTo(all.orphaned);
			assertThat(admin.get("/api/v1/reports/vduse/devices?limit=500").json().get("items").size())
				.isEqualTo(all.unhealthyOrOrphaned);
		}
	}

	private static void assertMemory(ApiClient admin, String selector, Expected expected) {
		JsonNode report = admin.get("/api/v1/reports/memory?limit=500" + selector).json();
		assertThat(figures(report.get("totals"))).isEqualTo(expected.figures);
		Map<String, Long> reasons = new TreeMap<>();
		report.get("unsupportedReasons")
			.forEach((reason) -> reasons.put(reason.get("reason").stringValue(), reason.get("hosts").longValue()));
		assertThat(reasons).isEqualTo(expected.reasons);
	}

	private static void assertGroups(ApiClient admin, String selector, String groupBy, List<Sent> sent,
			java.util.function.Function<Sent, Object> key) {
		JsonNode groups = admin.get("/api/v1/reports/memory?limit=500&groupBy=" + groupBy + selector)
			.json()
			.get("groups");
		Map<String, Map<String, Long>> actual = new TreeMap<>();
		groups.get("items")
			.forEach((group) -> actual.put(group.get("key").stringValue(), figures(group.get("figures"))));
		Map<String, Map<String, Long>> expected = new TreeMap<>();
		sent.stream()
			.map(key)
			.filter(java.util.Objects::nonNull)
			.map(String::valueOf)
			.distinct()
			.forEach((value) -> expected.put(value,
					Expected.of(sent, (host) -> value.equals(String.valueOf(key.apply(host)))).figures));
		assertThat(actual).as(groupBy).isEqualTo(expected);
		assertThat(figures(groups.get("ungrouped")))
			.isEqualTo(Expected.of(sent, (host) -> key.apply(host) == null).figures);
	}

	private static void assertPageSizes(ApiClient admin, List<Sent> sent) {
		JsonNode groups = admin.get("/api/v1/reports/memory?groupBy=pageSize").json().get("groups").get("items");
		Map<String, Long> actual = new TreeMap<>();
		groups.forEach((group) -> actual.put(group.get("key").stringValue(),
				group.get("figures").get("hugetlbBytes").longValue()));
		Map<String, Long> expected = new TreeMap<>();
		for (Sent host : sent) {
			for (JsonNode pool : host.report.at("/hvo/pools")) {
				if (pool.path("total").asLong(0) > 0) {
					expected.merge(Long.toString(pool.get("pageSizeBytes").longValue()),
							pool.get("total").longValue() * pool.get("pageSizeBytes").longValue(), Long::sum);
				}
			}
		}
		assertThat(actual).isEqualTo(expected);
	}

	private static void assertVduse(JsonNode report, Expected expected) {
		assertThat(report.at("/hosts/total").longValue()).isEqualTo(expected.figures.get("hosts.total"));
		assertThat(report.at("/hosts/capable").longValue()).isEqualTo(expected.vduseCapable);
		assertThat(report.at("/hosts/notCapable").longValue()).isEqualTo(expected.vduseNotCapable);
		assertThat(report.at("/devices/total").longValue()).isEqualTo(expected.devices.entrySet()
			.stream()
			.filter((tally) -> tally.getKey().startsWith("byHealth="))
			.mapToLong(Map.Entry::getValue)
			.sum());
		assertThat(report.at("/devices/orphaned").longValue()).isEqualTo(expected.orphaned);
		Map<String, Long> byKey = new TreeMap<>();
		for (String tally : List.of("byType", "byDriver", "byConsumerKind", "byHealth")) {
			report.at("/devices/" + tally + "/values")
				.forEach((v) -> byKey.put(tally + "=" + v.get("value").stringValue(), v.get("count").longValue()));
		}
		assertThat(byKey).isEqualTo(expected.devices);
		Map<String, Long> modules = new TreeMap<>();
		report.get("modules")
			.properties()
			.forEach((module) -> module.getValue()
				.properties()
				.forEach((state) -> modules.put(module.getKey() + "=" + state.getKey(), state.getValue().longValue())));
		assertThat(modules).isEqualTo(expected.modules);
	}

	private static Map<String, Long> figures(JsonNode figures) {
		Map<String, Long> values = new TreeMap<>();
		figures.properties().forEach((field) -> {
			if (field.getValue().isObject()) {
				field.getValue()
					.properties()
					.forEach(
							(count) -> values.put(field.getKey() + "." + count.getKey(), count.getValue().longValue()));
			}
			else if (field.getValue().isIntegralNumber()) {
				values.put(field.getKey(), field.getValue().longValue());
			}
		});
		values.put("fraction.ppb", (figures.get("additionalFraction").isNull()) ? -1
				: figures.get("additionalFraction").decimalValue().movePointRight(9).longValueExact());
		return values;
	}

	private static String secret(ApiClient admin, String src) {
		return admin
			.post("/api/v1/enrollment-secrets", "{\"name\":\"" + src + "\",\"labels\":{\"src\":\"" + src + "\"}}")
			.json()
			.get("value")
			.stringValue();
	}

	/** Enrolls a host whose agent reports a captured kernel. */
	private static void report(ApiClient anonymous, String secret, String capture) {
		ApiResponse enrolled = anonymous.as(secret)
			.post("/agent/v1/enroll", "{\"machineId\":\"m-" + UUID.randomUUID()
					+ "\",\"hostname\":\"captured\",\"agentVersion\":\"0.1.0\"}");
		String report = ReportJson
			.toJson(new HostCollector(FleetGaugesIntegrationTests.FIXTURES.resolve(capture).resolve("fs"),
					Clock.fixed(Instant.parse("2026-12-08T10:00:00Z"), ZoneOffset.UTC))
				.collect(), false);
		ApiResponse checkIn = anonymous.as(enrolled.json().get("hostToken").stringValue())
			.post("/agent/v1/check-in", "{\"agentVersion\":\"0.1.0\",\"sequence\":1,\"reportHash\":\""
					+ ReportSnapshot.sha256(report) + "\",\"report\":" + report + "}");
		assertThat(checkIn.status()).as(checkIn.body()).isEqualTo(200);
	}

	/** Every host with the report its agent sent (as it sent it) and its label. */
	private static List<Sent> sent(JdbcClient jdbc) {
		return jdbc.sql(
				"SELECT h.labels ->> 'src' AS src, r.report, a.last_seen_at IS NOT NULL AS seen, h.kernel_release FROM host h "
						+ "LEFT JOIN host_report r ON r.host_id = h.id LEFT JOIN host_agent a ON a.host_id = h.id")
			.query((rs, row) -> Sent.of(rs.getString("src"), rs.getString("report"), rs.getBoolean("seen"),
					rs.getString("kernel_release")))
			.list();
	}

	/** A host as its agent reported it, with what the test groups it by. */
	record Sent(String src, JsonNode report, String kernel, Integer numaNodes, boolean seen) {

		/**
		 * The host; its kernel release is its report's, or the one its agent gave when it
		 * enrolled when it sent no report.
		 */
		static Sent of(String src, String report, boolean seen, String enrolledRelease) {
			JsonNode json = JSON.readTree((report != null) ? report : NO_REPORT);
			Set<Long> nodes = new HashSet<>();
			json.at("/hvo/pools")
				.forEach((pool) -> pool.path("nodes").forEach((node) -> nodes.add(node.get("node").longValue())));
			return new Sent(src, json,
					json.at("/kernel/release").isString() ? json.at("/kernel/release").stringValue() : enrolledRelease,
					nodes.isEmpty() ? null : nodes.size(), seen);
		}

	}

	/** The figures the reports must show, summed from the agents' reports. */
	static final class Expected {

		final Map<String, Long> figures = new TreeMap<>();

		final Map<String, Long> reasons = new TreeMap<>();

		final Map<String, Long> devices = new TreeMap<>();

		final Map<String, Long> modules = new TreeMap<>();

		long vduseCapable;

		long vduseNotCapable;

		long orphaned;

		long unhealthyOrOrphaned;

		static Expected of(List<Sent> sent, Predicate<Sent> included) {
			Expected expected = new Expected();
			for (String name : List.of("hosts.total", "hosts.on", "hosts.off", "hosts.unsupported", "hosts.unknown",
					"hosts.stale", "installedBytes", "hostsWithInstalledMemory", "hugetlbBytes", "reclaimedBytes",
					"reclaimableBytes", "additionalBytes")) {
				expected.figures.put(name, 0L);
			}
			sent.stream().filter(included).forEach(expected::add);
			long installed = expected.figures.get("installedBytes");
			expected.figures.put("fraction.ppb",
					(installed == 0) ? -1
							: new java.math.BigDecimal(expected.figures.get("additionalBytes"))
								.divide(new java.math.BigDecimal(installed), 9, java.math.RoundingMode.HALF_EVEN)
								.movePointRight(9)
								.longValueExact());
			return expected;
		}

		private void add(Sent host) {
			JsonNode report = host.report();
			JsonNode hvo = report.get("hvo");
			String state = state(hvo);
			this.figures.merge("hosts.total", 1L, Long::sum);
			this.figures.merge("hosts." + state, 1L, Long::sum);
			// The agents have stopped: every host that checked in is stale when the
			// report
			// is read.
			this.figures.merge("hosts.stale", host.seen() ? 1L : 0L, Long::sum);
			JsonNode memmap = hvo.get("memmap");
			if (memmap.get("memoryBlocks").isIntegralNumber()
					&& memmap.get("memoryBlockSizeBytes").isIntegralNumber()) {
				this.figures.merge("installedBytes", Math.multiplyExact(memmap.get("memoryBlocks").longValue(),
						memmap.get("memoryBlockSizeBytes").longValue()), Long::sum);
				this.figures.merge("hostsWithInstalledMemory", 1L, Long::sum);
			}
			for (JsonNode pool : hvo.path("pools")) {
				this.figures.merge("hugetlbBytes", pool.path("total").asLong(0) * pool.get("pageSizeBytes").longValue(),
						Long::sum);
			}
			JsonNode savings = hvo.get("savings");
			this.figures.merge("reclaimedBytes", savings.path("reclaimedBytes").asLong(0), Long::sum);
			this.figures.merge("reclaimableBytes", savings.path("reclaimableBytes").asLong(0), Long::sum);
			this.figures.merge("additionalBytes", savings.path("additionalBytes").asLong(0), Long::sum);
			if (state.equals("unsupported")) {
				hvo.at("/support/limits")
					.valueStream()
					.filter((limit) -> limit.get("blocking").booleanValue())
					.forEach((limit) -> this.reasons.merge(limit.get("code").stringValue(), 1L, Long::sum));
			}
			addVduse(report.get("vduse"));
		}

		private void addVduse(JsonNode vduse) {
			JsonNode supported = vduse.get("supported");
			this.vduseCapable += (supported.isBoolean() && supported.booleanValue()) ? 1 : 0;
			this.vduseNotCapable += (supported.isBoolean() && !supported.booleanValue()) ? 1 : 0;
			for (JsonNode module : vduse.get("modules")) {
				String moduleState = module.get("state").isString() ? module.get("state").stringValue() : "unknown";
				this.modules.merge(module.get("name").stringValue() + "=" + moduleState, 1L, Long::sum);
			}
			for (JsonNode device : vduse.path("devices")) {
				this.devices.merge("byType=" + text(device.get("type"), "unknown"), 1L, Long::sum);
				this.devices.merge("byDriver=" + text(device.get("driver"), "none"), 1L, Long::sum);
				this.devices.merge("byConsumerKind=" + device.at("/consumer/kind").stringValue(), 1L, Long::sum);
				this.devices.merge("byHealth=" + device.at("/health/verdict").stringValue(), 1L, Long::sum);
				boolean orphan = device.get("backends").isArray() && device.get("backends").isEmpty();
				this.orphaned += orphan ? 1 : 0;
				this.unhealthyOrOrphaned += (orphan || device.at("/health/verdict").stringValue().equals("unhealthy"))
						? 1 : 0;
			}
		}

		private static String text(JsonNode node, String otherwise) {
			return node.isString() ? node.stringValue() : otherwise;
		}

		private static String state(JsonNode hvo) {
			JsonNode supported = hvo.at("/support/supported");
			JsonNode on = hvo.get("switchOn");
			if (supported.isBoolean() && !supported.booleanValue()) {
				return "unsupported";
			}
			if (!supported.isBoolean() || !on.isBoolean()) {
				return "unknown";
			}
			return on.booleanValue() ? "on" : "off";
		}

	}

}
