package dev.kfleet.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Conversions between JDBC and the types the modules use.
 */
public final class SqlTypes {

	private SqlTypes() {
	}

	public static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	/** A column that the schema declares {@code NOT NULL}. */
	public static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
		Instant value = instant(rs, column);
		if (value == null) {
			throw new SQLException("Column " + column + " is null");
		}
		return value;
	}

}
