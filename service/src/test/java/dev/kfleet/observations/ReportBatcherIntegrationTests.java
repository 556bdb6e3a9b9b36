package dev.kfleet.observations;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.server.ReportSnapshot;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A report the database refuses fails alone: the others stored with it in one batch are
 * stored.
 */
@KfleetIntegrationTest
class ReportBatcherIntegrationTests {

	static final String REPORT = ReportJson.toJson(new HostCollector(
			Path.of("..", "agent", "src", "test", "fixtures", "linux-6.18-vm", "c-hvo-on-128x2M", "fs"),
			Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC))
		.collect(), false);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	ReportBatcher batcher;

	@Autowired
	CheckInService checkIns;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aReportTheDatabaseRefusesIsRefusedAloneAndItsBatchIsStored() throws Exception {
		int hosts = 64;
		List<UUID> ids = new ArrayList<>();
		ApiClient admin = new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
		for (int i = 0; i < hosts; i++) {
			ApiResponse registered = admin.post("/api/v1/hosts", "{\"machineId\":\"m-" + UUID.randomUUID()
					+ "\",\"hostname\":\"batch-" + i + "\",\"kernelRelease\":\"6.18.0\"}");
			UUID id = UUID.fromString(registered.json().get("id").stringValue());
			this.checkIns.startSession(id, "0.1.0");
			ids.add(id);
		}
		// A kernel release with a NUL character: valid JSON, but PostgreSQL cannot store
		// it.
		String poison = REPORT.replaceFirst("\"release\":\"[^\"]*\"", "\"release\":\"6.18\\\\u0000-poison\"");
		assertThat(poison).contains("\\u0000-poison");
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> answers = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < hosts; i++) {
				ObservationRecorder.Report report = report(ids.get(i), (i == hosts / 2) ? poison : REPORT);
				answers.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return this.batcher.record(report);
				}, threads));
			}
			start.countDown();
			for (int i = 0; i < hosts; i++) {
				CompletableFuture<Boolean> answer = answers.get(i);
				if (i == hosts / 2) {
					Throwable refused = catchThrowable(() -> answer.get(60, TimeUnit.SECONDS));
					assertThat(refused).hasCauseInstanceOf(ApiException.class);
					assertThat(((ApiException) refused.getCause()).problem()).isEqualTo(ApiProblem.INVALID_REQUEST);
				}
				else {
					assertThat(answer.get(60, TimeUnit.SECONDS)).as("report of host %d", i).isTrue();
				}
			}
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM host_report WHERE host_id IN (:ids)")
			.param("ids", ids)
			.query(Long.class)
			.single()).isEqualTo(hosts - 1);
	}

	private static ObservationRecorder.Report report(UUID hostId, String text) {
		CheckInService.CheckIn checkIn = new CheckInService.CheckIn("0.1.0", 1, ReportSnapshot.sha256(text),
				JSON.readTree(text), text);
		return new ObservationRecorder.Report(hostId, checkIn,
				ReportDigest.of(JSON.readTree(text), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
