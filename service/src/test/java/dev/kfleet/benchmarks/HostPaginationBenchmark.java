package dev.kfleet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.platform.Cursors;

/**
 * How the cost of a page of hosts grows with its depth: the time of the page at 90 %
 * depth divided by the time of the first page, over HTTP, with and without a label
 * selector and with a filter on what agents report, on enrolled hosts with observed
 * state, pools and history, measured in one run, interleaved so that noise hits both
 * alike. For contrast, the same ratio for SQL {@code OFFSET} paging. Reports, never
 * asserts:
 * {@code ./mvnw -B -pl service -am verify -Pbenchmarks -Dtest=HostPaginationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
@KfleetIntegrationTest
class HostPaginationBenchmark {

	static final int HOSTS = 100_000;

	static final int ROUNDS = 300;

	static final int LIMIT = 500;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void pageAtNinetyPercentDepthCostsAboutTheSameAsTheFirstPage() throws IOException {
		String run = "b" + UUID.randomUUID().toString().substring(0, 8);
		insertEnrolledHosts(run);
		ApiClient api = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		String selector = "&selector=bench%3D" + run;
		long total = this.jdbc.sql("SELECT count(*) FROM host WHERE decommissioned_at IS NULL")
			.query(Long.class)
			.single();
		List<String> rows = new ArrayList<>();
		rows.add(measure("GET /api/v1/hosts (all " + total + " hosts)", api, "", (int) (total * 9 / 10)));
		rows.add(measure("GET /api/v1/hosts?selector=bench=… (" + HOSTS + " hosts)", api, selector, HOSTS * 9 / 10));
		rows.add(measure("GET /api/v1/hosts?selector=bench=…&hvo=on&stale=true (" + HOSTS + " hosts)", api,
				selector + "&hvo=on&stale=true", HOSTS * 9 / 10));
		rows.add(offsetContrast((int) (total * 9 / 10)));
		report(rows);
	}

	/**
	 * Hosts as a fleet holds them once agents report: each enrolled ({@code host_agent},
	 * last seen an hour ago, so stale whatever the test's check-in interval), with an
	 * observed state (HVO on), two HugeTLB pools and three entries of change history, so
	 * that the list's joins meet full tables, as in production; the filtered list matches
	 * them all.
	 */
	private void insertEnrolledHosts(String run) {
		this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, kernel_release, labels, created_at, updated_at)
				SELECT gen_random_uuid(), 'bench-' || gen_random_uuid(), 'bench-' || n, '6.18.44',
				       jsonb_build_object('bench', CAST(? AS text), 'env', 'prod'), now(), now()
				FROM generate_series(1, ?) AS n""").params(run, HOSTS).update();
		String hosts = "FROM host WHERE labels @> jsonb_build_object('bench', CAST(? AS text))";
		this.jdbc.sql("INSERT INTO host_agent (host_id, enrolled_at, agent_version, last_sequence, report_hash, "
				+ "last_seen_at) SELECT id, now() - interval '1 day', '0.1.0', 42, md5(id::text), now() - interval '1 hour' "
				+ hosts)
			.params(run)
			.update();
		this.jdbc.sql("INSERT INTO host_state (host_id, reported_at, hvo, hvo_supported, hvo_switch_on, "
				+ "hvo_reclaimed_bytes, hvo_reclaimable_bytes, hvo_additional_bytes, vduse_supported, vduse_device_count) "
				+ "SELECT id, now(), 'on', true, true, 1056964608, 1056964608, 0, true, 2 " + hosts)
			.params(run)
			.update();
		this.jdbc
			.sql("INSERT INTO host_hugetlb_pool (host_id, page_size_bytes, total, free) "
					+ "SELECT id, size, 64, 16 FROM (SELECT id " + hosts
					+ ") h, (VALUES (2097152), (1073741824)) AS p(size)")
			.params(run)
			.update();
		this.jdbc
			.sql("INSERT INTO host_change (host_id, changed_at, changes) SELECT id, now() - n * interval '1 hour', "
					+ "jsonb_build_array(jsonb_build_object('field', 'hvo', 'from', 'off', 'to', 'on')) "
					+ "FROM (SELECT id " + hosts + ") h, generate_series(1, 3) AS n")
			.params(run)
			.update();
		for (String table : List.of("host", "host_agent", "host_state", "host_hugetlb_pool", "host_change")) {
			this.jdbc.sql("VACUUM ANALYZE " + table).update();
		}
	}

	private String measure(String name, ApiClient api, String selector, int depth) {
		String deep = Cursors.encode("hosts", idAt(selector.isEmpty() ? null : selectorRun(selector), depth));
		String first = "/api/v1/hosts?limit=" + LIMIT + selector;
		String ninety = first + "&cursor=" + deep;
		ApiClient raw = api.withoutContractChecks();
		return row(name, time(() -> check(raw.get(first)), () -> check(raw.get(ninety))));
	}

	private String offsetContrast(int depth) {
		String sql = "SELECT id FROM host WHERE decommissioned_at IS NULL ORDER BY id OFFSET ? LIMIT " + LIMIT;
		Runnable firstPage = () -> this.jdbc.sql(sql).param(0).query(UUID.class).list();
		Runnable deepPage = () -> this.jdbc.sql(sql).param(depth).query(UUID.class).list();
		return row("SQL OFFSET paging, for contrast (not used by kfleet)", time(firstPage, deepPage));
	}

	/** Per round both pages, alternating which goes first; sorted samples of each. */
	private static double[][] time(Runnable first, Runnable deep) {
		for (int i = 0; i < 20; i++) {
			first.run();
			deep.run();
		}
		double[][] samples = new double[2][ROUNDS];
		for (int i = 0; i < ROUNDS; i++) {
			boolean firstFirst = (i % 2 == 0);
			samples[firstFirst ? 0 : 1][i] = millis(firstFirst ? first : deep);
			samples[firstFirst ? 1 : 0][i] = millis(firstFirst ? deep : first);
		}
		java.util.Arrays.sort(samples[0]);
		java.util.Arrays.sort(samples[1]);
		return samples;
	}

	private static double millis(Runnable page) {
		long start = System.nanoTime();
		page.run();
		return (System.nanoTime() - start) / 1e6;
	}

	private static String row(String name, double[][] samples) {
		double[] first = samples[0];
		double[] deep = samples[1];
		double firstMedian = first[first.length / 2];
		double deepMedian = deep[deep.length / 2];
		double firstP90 = first[first.length * 9 / 10];
		double deepP90 = deep[deep.length * 9 / 10];
		return "| %s | %.2f | %.2f | **%.2f** | %.2f |".formatted(name, firstMedian, deepMedian,
				deepMedian / firstMedian, deepP90 / firstP90);
	}

	private String idAt(String run, int offset) {
		String where = (run != null) ? "labels @> jsonb_build_object('bench', CAST(:run AS text)) AND " : "";
		var query = this.jdbc.sql("SELECT CAST(id AS text) FROM host WHERE " + where
				+ "decommissioned_at IS NULL ORDER BY id OFFSET :offset LIMIT 1");
		if (run != null) {
			query = query.param("run", run);
		}
		return query.param("offset", offset - 1).query(String.class).single();
	}

	private static String selectorRun(String selector) {
		String run = selector.substring(selector.indexOf("%3D") + 3);
		return run.contains("&") ? run.substring(0, run.indexOf('&')) : run;
	}

	private static void check(ApiResponse response) {
		if (response.status() != 200) {
			throw new IllegalStateException(response.body());
		}
	}

	private static void report(List<String> rows) throws IOException {
		StringBuilder table = new StringBuilder();
		table.append(
				"| list | first page (ms, median) | page at 90 % depth (ms, median) | ratio (median) | ratio (p90) |\n");
		table.append("|---|---|---|---|---|\n");
		rows.forEach((row) -> table.append(row).append('\n'));
		System.out.println("\nHost pagination, " + LIMIT + " hosts a page, " + ROUNDS + " rounds each:\n" + table);
		Path out = Path.of("target", "benchmarks", "host-pagination.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, table.toString());
	}

}
