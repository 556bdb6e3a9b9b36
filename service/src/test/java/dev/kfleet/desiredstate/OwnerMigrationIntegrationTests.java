package dev.kfleet.desiredstate;

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
 * Versions set before owners were recorded belong to the token named in
 * {@code updated_by}: the bootstrap token by its name, any other as an API token known by
 * name only.
 */
@KfleetIntegrationTest
class OwnerMigrationIntegrationTests {

	private static final String SCHEMA = "owner_migration_test";

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void dropSchema() {
		new ScratchSchema(SCHEMA, this.dataSource).drop();
	}

	@Test
	void existingVersionsGetTheTokenThatSetThemAsOwner() {
		migrate("202612060900");
		UUID byBootstrap = insert("bootstrap-admin");
		UUID byToken = insert("ci-bot");

		migrate(null);

		assertThat(owner(byBootstrap)).isEqualTo("bootstrap-token  bootstrap-admin");
		assertThat(owner(byToken)).isEqualTo("api-token  ci-bot");
	}

	private UUID insert(String updatedBy) {
		UUID host = UUID.randomUUID();
		this.jdbc
			.sql("INSERT INTO " + SCHEMA + ".host (id, machine_id, hostname, created_at, updated_at) "
					+ "VALUES (?, ?, 'h', now(), now())")
			.params(host, "m-" + host)
			.update();
		this.jdbc
			.sql("INSERT INTO " + SCHEMA + ".desired_state (host_id, version, actions, updated_at, updated_by) "
					+ "VALUES (?, 1, '[]', now(), ?)")
			.params(host, updatedBy)
			.update();
		return host;
	}

	private String owner(UUID host) {
		return this.jdbc
			.sql("SELECT owner_kind || ' ' || coalesce(owner_id::text, '') || ' ' || updated_by FROM " + SCHEMA
					+ ".desired_state WHERE host_id = ?")
			.param(host)
			.query(String.class)
			.single();
	}

	private void migrate(@Nullable String target) {
		new ScratchSchema(SCHEMA, this.dataSource).migrateTo(target);
	}

}
