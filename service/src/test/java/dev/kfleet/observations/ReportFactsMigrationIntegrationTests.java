package dev.kfleet.observations;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.ScratchSchema;
import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.report.ReportJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrations of issue 16 fill the new columns of the rows written before them from
 * each host's latest report, with the values a check-in now writes (ADR 0041): the report
 * facts of {@code host_state}, and whether each VDUSE device's back end is gone and what
 * consumes it.
 */
@KfleetIntegrationTest
class ReportFactsMigrationIntegrationTests {

	private static final String SCHEMA = "report_facts_migration_test";

	private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void dropSchema() {
		new ScratchSchema(SCHEMA, this.dataSource).drop();
	}

	@Test
	void fillsTheNewColumnsFromTheLatestReports() {
		migrate("202612073002");
		JsonMapper json = JsonMapper.builder().build();
		ObjectNode report = (ObjectNode) json
			.readTree(report("linux-6.12-debian/05-vduse0-virtio_vdpa-vduse1-vhost_vdpa"));
		((ArrayNode) report.at("/vduse/devices/1/backends")).removeAll();
		UUID host = UUID.randomUUID();
		this.jdbc
			.sql("INSERT INTO " + SCHEMA + ".host (id, machine_id, hostname, created_at, updated_at) "
					+ "VALUES (?, ?, 'h', now(), now())")
			.params(host, host.toString())
			.update();
		this.jdbc
			.sql("INSERT INTO " + SCHEMA + ".host_report (host_id, received_at, sequence, agent_version, "
					+ "report_hash, report) VALUES (?, now(), 1, '0.1.0', 'x', ?)")
			.params(host, json.writeValueAsString(report))
			.update();
		this.jdbc
			.sql("INSERT INTO " + SCHEMA + ".host_state (host_id, reported_at, hvo, vduse_device_count) "
					+ "VALUES (?, now(), 'off', 2)")
			.param(host)
			.update();
		for (String name : List.of("vduse0", "vduse1")) {
			this.jdbc
				.sql("INSERT INTO " + SCHEMA + ".host_vduse_device (host_id, name, health, health_reason, "
						+ "reported_at) VALUES (?, ?, 'healthy', 'r', now())")
				.params(host, name)
				.update();
		}

		migrate(null);

		ReportDigest digest = ReportDigest.of(report, NOW);
		ObservedState.Facts facts = this.jdbc
			.sql("SELECT installed_memory_bytes, numa_nodes, hvo_blocking_reasons, "
					+ "vduse_support_reason, vduse_module_states FROM " + SCHEMA + ".host_state WHERE host_id = ?")
			.param(host)
			.query((rs, row) -> new ObservedState.Facts(rs.getLong("installed_memory_bytes"), rs.getInt("numa_nodes"),
					List.of((String[]) rs.getArray("hvo_blocking_reasons").getArray()),
					rs.getString("vduse_support_reason"),
					List.of((String[]) rs.getArray("vduse_module_states").getArray())))
			.single();
		assertThat(facts).isEqualTo(digest.state().facts());
		assertThat(facts.installedMemoryBytes()).isEqualTo(24L * 128 * 1024 * 1024);
		List<String> devices = this.jdbc
			.sql("SELECT name || ' ' || backend_gone || ' ' || consumer_kind FROM " + SCHEMA
					+ ".host_vduse_device WHERE host_id = ? ORDER BY name")
			.param(host)
			.query(String.class)
			.list();
		assertThat(devices).containsExactly("vduse0 false block-device", "vduse1 true vhost-vdpa");
		assertThat(digest.devices()).extracting(VduseDeviceState::backendGone).containsExactly(false, true);
	}

	private static String report(String capture) {
		Path root = Path.of("..", "agent", "src", "test", "fixtures").resolve(capture).resolve("fs");
		return ReportJson.toJson(new HostCollector(root, Clock.fixed(NOW, ZoneOffset.UTC)).collect(), false);
	}

	private void migrate(@Nullable String target) {
		new ScratchSchema(SCHEMA, this.dataSource).migrateTo(target);
	}

}
