package dev.kfleet.reports;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report endpoints refuse hostile parameters with a 400 problem (never a 500), and
 * the daily history is written once per day per group whoever runs the job, and expires.
 */
@KfleetIntegrationTest
class ReportRequestsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MemoryHistory history;

	private ApiClient viewer() {
		return new ApiClient(this.port).withoutContractChecks().as(KfleetIntegrationTest.ADMIN_TOKEN);
	}

	@Test
	void hostileParametersGetA400ProblemNeverA500() {
		List<String> requests = List.of("/api/v1/reports/memory?groupBy=hosts", "/api/v1/reports/memory?groupBy=label:",
				"/api/v1/reports/memory?groupBy=label:bad%20key!", "/api/v1/reports/memory?groupBy=label:a%00b",
				"/api/v1/reports/memory?groupBy=" + "x".repeat(400),
				"/api/v1/reports/memory?groupBy=kernel&cursor=zz%25%25",
				"/api/v1/reports/memory?groupBy=numaNodes&cursor="
						+ cursor("memory-groups:" + Integer.toHexString("numaNodes".hashCode()), "1;DROP TABLE host"),
				"/api/v1/reports/memory?cursor=" + cursor("memory-groups:x", "a"), "/api/v1/reports/memory?limit=0",
				"/api/v1/reports/memory?limit=100000", "/api/v1/reports/memory?selector=env%20in%20(",
				"/api/v1/reports/memory?sélecteur=x", "/api/v1/reports/memory/history?from=2026-13-01",
				"/api/v1/reports/memory/history?from=yesterday", "/api/v1/reports/memory/history?to=%00",
				"/api/v1/reports/memory/history?from=2026-12-08&to=2026-12-01",
				"/api/v1/reports/memory/history?from=2020-01-01&to=2026-01-01",
				"/api/v1/reports/memory/history?from=0000-01-01&to=0000-01-02",
				"/api/v1/reports/memory/history?groupBy=label:nope",
				"/api/v1/reports/memory/history?cursor="
						+ cursor("memory-history:" + Integer.toHexString("fleet".hashCode()), "2026-1"),
				"/api/v1/reports/vduse?groupBy=kernel", "/api/v1/reports/vduse?selector=!!",
				"/api/v1/reports/vduse/devices?problem=everything",
				"/api/v1/reports/vduse/devices?cursor="
						+ cursor("vduse-problem-devices", "not-a-uuid-at-all-here-not-a-uuid-name"),
				"/api/v1/reports/vduse/devices?cursor=" + cursor("vduse-problem-devices", "short"));
		for (String request : requests) {
			ApiResponse response = viewer().get(request);
			assertThat(response.status()).as(request + ": " + response.body()).isEqualTo(400);
			assertThat(response.contentType()).as(request).startsWith("application/problem+json");
		}
		JsonNode refused = viewer().get("/api/v1/reports/memory/history?groupBy=label:nope").json();
		assertThat(refused.get("allowedGroupBy").valueStream().map(JsonNode::stringValue)).contains("kernel",
				"numaNodes", "pageSize");
		assertThat(new ApiClient(this.port).get("/api/v1/reports/memory").status()).isEqualTo(401);
	}

	@Test
	void aGroupedReportIsPagedInTheOrderOfItsKeys() {
		ApiClient api = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		JsonNode first = api.get("/api/v1/reports/memory?groupBy=label:zone-" + System.nanoTime() + "&limit=1").json();
		assertThat(first.at("/groups/items").size()).isZero();
		assertThat(first.at("/groups/ungrouped/hosts/total").longValue())
			.isEqualTo(first.at("/totals/hosts/total").longValue());
		assertThat(api.get("/api/v1/reports/memory/history").status()).isEqualTo(200);
		assertThat(api.get("/api/v1/reports/vduse").status()).isEqualTo(200);
		assertThat(api.get("/api/v1/reports/vduse/devices?problem=orphaned&limit=5").status()).isEqualTo(200);
	}

	@Test
	void theHistoryIsWrittenOncePerDayPerGroupByConcurrentRunsAndExpiresAfterTheRetention() throws Exception {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		this.jdbc.sql("DELETE FROM report_memory_day WHERE day = ?").param(Date.valueOf(today)).update();
		CompletableFuture<Integer> one = CompletableFuture.supplyAsync(this.history::writeToday);
		CompletableFuture<Integer> two = CompletableFuture.supplyAsync(this.history::writeToday);
		int written = one.get() + two.get();
		int rows = this.jdbc.sql("SELECT count(*) FROM report_memory_day WHERE day = ?")
			.param(Date.valueOf(today))
			.query(Integer.class)
			.single();
		assertThat(written).isEqualTo(rows);
		assertThat(this.jdbc.sql("SELECT count(*) FROM report_memory_day WHERE day = ? AND grouping = 'fleet'")
			.param(Date.valueOf(today))
			.query(Integer.class)
			.single()).isOne();
		assertThat(this.history.writeToday()).as("a later run of the day").isZero();
		JsonNode fleet = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN)
			.get("/api/v1/reports/memory/history?from=" + today + "&to=" + today)
			.json();
		assertThat(fleet.get("items").size()).isOne();
		assertThat(fleet.at("/items/0/groupBy").stringValue()).isEqualTo("fleet");
		LocalDate expired = today.minusDays(400);
		LocalDate kept = today.minusDays(399);
		for (LocalDate day : List.of(expired, kept)) {
			this.jdbc
				.sql("INSERT INTO report_memory_day SELECT ?, grouping, grouped, group_key, computed_at, hosts, "
						+ "hvo_on, hvo_off, hvo_unsupported, hvo_unknown, stale, installed_bytes, installed_hosts, "
						+ "hugetlb_bytes, reclaimed_bytes, reclaimable_bytes, additional_bytes FROM report_memory_day "
						+ "WHERE day = ? AND grouping = 'fleet' ON CONFLICT DO NOTHING")
				.params(Date.valueOf(day), Date.valueOf(today))
				.update();
		}
		this.history.writeToday();
		assertThat(days()).contains(kept, today).doesNotContain(expired);
	}

	private List<LocalDate> days() {
		return this.jdbc.sql("SELECT DISTINCT day FROM report_memory_day WHERE grouping = 'fleet'")
			.query(LocalDate.class)
			.list();
	}

	private static String cursor(String kind, String key) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("1:" + kind + ":" + key).getBytes(StandardCharsets.UTF_8));
	}

}
