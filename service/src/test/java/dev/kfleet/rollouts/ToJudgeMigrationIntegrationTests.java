package dev.kfleet.rollouts;

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
 * The hosts of rollouts running when {@code to_judge} came (V202612100900) are marked as
 * the reconciler would have found them before: asked hosts whose agent answered the
 * version asked, and unfinished hosts that were decommissioned.
 */
@KfleetIntegrationTest
class ToJudgeMigrationIntegrationTests {

	private static final String SCHEMA = "to_judge_migration_test";

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	private final UUID rollout = UUID.randomUUID();

	@AfterEach
	void dropSchema() {
		new ScratchSchema(SCHEMA, this.dataSource).drop();
	}

	@Test
	void hostsThatAnsweredOrWereDecommissionedAreToJudge() {
		migrate("202612090910");
		this.jdbc
			.sql("INSERT INTO " + SCHEMA + ".rollout (id, name, feature, spec, state, phase, wave_count, "
					+ "phase_since, reason, created_at, created_by, updated_at) "
					+ "VALUES (?, 'r', 'hvo', '{}', 'running', 'applying', 1, now(), 'started', now(), '{}', now())")
			.param(this.rollout)
			.update();
		UUID answered = host("applying", 7L, true, false);
		UUID answeredAnotherVersion = host("applying", 7L, false, false);
		UUID silent = host("applying", 7L, false, false);
		UUID decommissionedPending = host("pending", null, false, true);
		UUID finished = host("succeeded", 7L, true, false);
		this.jdbc.sql("INSERT INTO " + SCHEMA + ".desired_state_result (host_id, desired_version, action_id, type, "
				+ "outcome, detail, started_at, finished_at, pools, reported_at) "
				+ "VALUES (?, 6, '1', 'hvo.set-switch', 'succeeded', 'an older version', now(), now(), '[]', now())")
			.param(answeredAnotherVersion)
			.update();

		migrate(null);

		assertThat(toJudge(answered)).isTrue();
		assertThat(toJudge(answeredAnotherVersion)).isFalse();
		assertThat(toJudge(silent)).isFalse();
		assertThat(toJudge(decommissionedPending)).isTrue();
		assertThat(toJudge(finished)).as("already judged").isFalse();
	}

	private UUID host(String state, @Nullable Long version, boolean result, boolean decommissioned) {
		UUID host = UUID.randomUUID();
		this.jdbc.sql("INSERT INTO " + SCHEMA + ".host (id, machine_id, hostname, created_at, updated_at, "
				+ "decommissioned_at) VALUES (?, ?, 'h', now(), now(), " + (decommissioned ? "now()" : "NULL") + ")")
			.params(host, "m-" + host)
			.update();
		this.jdbc
			.sql("INSERT INTO " + SCHEMA + ".rollout_host (rollout_id, host_id, feature, wave, rank, state, "
					+ "desired_version) VALUES (?, ?, 'hvo', 1, 1, ?, ?)")
			.params(this.rollout, host, state, version)
			.update();
		if (result) {
			this.jdbc
				.sql("INSERT INTO " + SCHEMA + ".desired_state_result (host_id, desired_version, action_id, type, "
						+ "outcome, detail, started_at, finished_at, pools, reported_at) "
						+ "VALUES (?, ?, '1', 'hvo.set-switch', 'succeeded', 'on', now(), now(), '[]', now())")
				.params(host, version)
				.update();
		}
		return host;
	}

	private boolean toJudge(UUID host) {
		return this.jdbc.sql("SELECT to_judge FROM " + SCHEMA + ".rollout_host WHERE host_id = ?")
			.param(host)
			.query(Boolean.class)
			.single();
	}

	private void migrate(@Nullable String target) {
		new ScratchSchema(SCHEMA, this.dataSource).migrateTo(target);
	}

}
