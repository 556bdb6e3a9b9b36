package dev.kfleet.observations;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.ScratchSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration to one history entry per observation keeps every change of a database
 * written before it, in order, under the id of each observation's first row.
 */
@KfleetIntegrationTest
class HistoryMigrationIntegrationTests {

	private static final String SCHEMA = "history_migration_test";

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void dropSchema() {
		new ScratchSchema(SCHEMA, this.dataSource).drop();
	}

	@Test
	void foldsTheRowsOfEachObservationIntoItsFirstRow() {
		migrate("202611271500");
		UUID host = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		insert(host, "2026-11-27T10:00:00Z", "enrollment", null, "\"2026-11-27T10:00:00Z\"");
		insert(host, "2026-11-27T10:00:30Z", "hugetlb.2097152.total", "128", "129");
		insert(other, "2026-11-27T10:00:30Z", "hvo.switchOn", "false", "true");
		insert(host, "2026-11-27T10:00:30Z", "hugetlb.2097152.free", "128", "129");
		List<Long> ids = this.jdbc.sql("SELECT id FROM " + SCHEMA + ".host_change ORDER BY id")
			.query(Long.class)
			.list();

		migrate(null);

		List<String> entries = this.jdbc
			.sql("SELECT id || ' ' || changed_at AT TIME ZONE 'UTC' || ' ' || changes::text FROM " + SCHEMA
					+ ".host_change WHERE host_id = ? ORDER BY id")
			.param(host)
			.query(String.class)
			.list();
		assertThat(entries).containsExactly(ids.get(0)
				+ " 2026-11-27 10:00:00 [{\"to\": \"2026-11-27T10:00:00Z\", \"from\": null, \"field\": \"enrollment\"}]",
				ids.get(1)
						+ " 2026-11-27 10:00:30 [{\"to\": 129, \"from\": 128, \"field\": \"hugetlb.2097152.total\"}, "
						+ "{\"to\": 129, \"from\": 128, \"field\": \"hugetlb.2097152.free\"}]");
		assertThat(this.jdbc.sql("SELECT id FROM " + SCHEMA + ".host_change WHERE host_id = ?")
			.param(other)
			.query(Long.class)
			.single()).isEqualTo(ids.get(2));
	}

	private void insert(UUID host, String at, String field, String from, String to) {
		this.jdbc
			.sql("INSERT INTO " + SCHEMA + ".host_change (host_id, changed_at, field, from_value, to_value) "
					+ "VALUES (?, CAST(? AS timestamptz), ?, CAST(? AS jsonb), CAST(? AS jsonb))")
			.params(host, at, field, from, to)
			.update();
	}

	private void migrate(@Nullable String target) {
		new ScratchSchema(SCHEMA, this.dataSource).migrateTo(target);
	}

}
