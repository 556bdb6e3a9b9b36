package dev.kfleet.hosts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.RowMapper;

import static dev.kfleet.platform.SqlTypes.instant;
import static dev.kfleet.platform.SqlTypes.requiredInstant;

/**
 * How a row of the {@code host} table reads as a {@link Host}: for this module's
 * repository, and for the read side ({@code reports}), which selects hosts together with
 * what other modules hold about them (ADR 0002), so that only this module knows the
 * table's columns.
 */
public final class HostRows implements RowMapper<Host> {

	/** The columns {@link #mapRow} reads, over the alias {@code h}. */
	public static final String COLUMNS = "h.id, h.machine_id, h.hostname, h.kernel_release, h.labels::text AS labels, h.created_at, h.updated_at, h.decommissioned_at, h.version";

	private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
	};

	private final JsonMapper json;

	public HostRows(JsonMapper json) {
		this.json = json;
	}

	@Override
	public Host mapRow(ResultSet rs, int row) throws SQLException {
		SortedMap<String, String> labels = new TreeMap<>(this.json.readValue(rs.getString("labels"), LABELS));
		return new Host(rs.getObject("id", UUID.class), rs.getString("machine_id"), rs.getString("hostname"),
				rs.getString("kernel_release"), labels, requiredInstant(rs, "created_at"),
				requiredInstant(rs, "updated_at"), instant(rs, "decommissioned_at"), rs.getLong("version"));
	}

}
