package dev.kfleet.reports;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.hosts.HostFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging through 100,000 hosts returns each exactly once, also while hosts are being
 * inserted all over the id range.
 */
@KfleetIntegrationTest
class HostPaginationIntegrationTests {

	static final int HOSTS = 100_000;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void everyHostIsListedExactlyOnceWhileHostsAreInserted() {
		String run = HostFixtures.uniqueRun();
		insertHosts(run, HOSTS);
		Set<String> before = idsInDatabase(run);
		assertThat(before).hasSize(HOSTS);
		AtomicBoolean paging = new AtomicBoolean(true);
		AtomicInteger inserted = new AtomicInteger();
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			while (paging.get() && inserted.get() < 10_000) {
				insertHosts(run, 50);
				inserted.addAndGet(50);
				pause();
			}
		});
		Set<String> listed = new HashSet<>();
		List<String> duplicates = new java.util.ArrayList<>();
		int pages = pageThrough("/api/v1/hosts?limit=500&selector=run%3D" + run, listed, duplicates);
		paging.set(false);
		writer.join();
		assertThat(duplicates).isEmpty();
		assertThat(missing(before, listed)).as("hosts never listed").isEmpty();
		assertThat(inserted.get()).as("hosts inserted while paging").isPositive();
		assertThat(pages).isGreaterThanOrEqualTo(HOSTS / 500);
		assertThat(missing(listed, idsInDatabase(run))).as("listed hosts that do not exist").isEmpty();
	}

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What is in {@code expected} but not in {@code actual} (AssertJ's containsAll is
	 * quadratic).
	 */
	private static Set<String> missing(Set<String> expected, Set<String> actual) {
		Set<String> missing = new HashSet<>(expected);
		missing.removeAll(actual);
		return missing;
	}

	private int pageThrough(String first, Set<String> listed, List<String> duplicates) {
		ApiClient api = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		String cursor = null;
		int pages = 0;
		do {
			ApiResponse page = api.get(first + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			JsonNode json = page.json();
			for (JsonNode host : json.get("items")) {
				String id = host.get("id").stringValue();
				if (!listed.add(id)) {
					duplicates.add(id);
				}
			}
			cursor = json.get("nextCursor").isNull() ? null : json.get("nextCursor").stringValue();
			pages++;
		}
		while (cursor != null);
		return pages;
	}

	/**
	 * Hosts with random (version 4) ids, so that new ones land before and after the
	 * cursor.
	 */
	private void insertHosts(String run, int count) {
		this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, kernel_release, labels, created_at, updated_at)
				SELECT gen_random_uuid(), 'page-' || gen_random_uuid(), 'page-' || n, '6.18.44',
				       jsonb_build_object('run', CAST(? AS text)), now(), now()
				FROM generate_series(1, ?) AS n""").params(run, count).update();
	}

	private Set<String> idsInDatabase(String run) {
		return new HashSet<>(this.jdbc
			.sql("SELECT CAST(id AS text) FROM host WHERE labels @> jsonb_build_object('run', CAST(? AS text))")
			.param(run)
			.query(String.class)
			.list());
	}

}
