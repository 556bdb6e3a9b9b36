package dev.kfleet.platform;

import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a {@link FleetJob} computed for every replica to serve: the job's replica stores
 * it under a name in {@code fleet_snapshot}, and every replica reads it back, so that all
 * of them show the same values (the fleet's gauges) and none computes them itself (ADR
 * 0031). A snapshot is JSON: a record of the module's that reads it.
 */
@Component
public class FleetSnapshots {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	FleetSnapshots(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Stores {@code snapshot} as the one named {@code name}, replacing the last. */
	public void store(String name, Object snapshot) {
		this.jdbc.sql("""
				INSERT INTO fleet_snapshot (name, snapshot) VALUES (?, CAST(? AS jsonb))
				ON CONFLICT (name) DO UPDATE SET snapshot = EXCLUDED.snapshot""")
			.param(name)
			.param(this.json.writeValueAsString(snapshot))
			.update();
	}

	/**
	 * The snapshot named {@code name}, if one was stored and reads as a {@code type}: one
	 * that an older version stored in another shape (before an upgrade's first run of the
	 * job) is not shown.
	 */
	public <T> Optional<T> find(String name, Class<T> type) {
		return this.jdbc.sql("SELECT snapshot::text FROM fleet_snapshot WHERE name = ?")
			.param(name)
			.query(String.class)
			.optional()
			.flatMap((text) -> read(text, type));
	}

	private <T> Optional<T> read(String text, Class<T> type) {
		try {
			return Optional.ofNullable(this.json.readValue(text, type));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

}
