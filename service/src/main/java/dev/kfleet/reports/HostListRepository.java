package dev.kfleet.reports;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kfleet.hosts.Host;
import dev.kfleet.hosts.HostRows;

/**
 * The filtered host list: hosts ({@code host}, the hosts module's table) selected by
 * their labels and facts and by what their agents report ({@code host_agent},
 * {@code host_state}, the observations module's tables), in one query, a page at a time.
 * Read only, like everything this module reads of other modules' tables (ADR 0002).
 */
@Repository
class HostListRepository {

	private static final String FROM = " FROM host h LEFT JOIN host_agent a ON a.host_id = h.id";

	private final JdbcClient jdbc;

	private final HostRows rows;

	HostListRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.rows = new HostRows(json);
	}

	/** Up to {@code limit} hosts that match, after {@code after} in id order. */
	List<Host> search(HostFilter filter, @Nullable UUID after, int limit) {
		HostConditions where = HostConditions.of(filter, after);
		return this.jdbc
			.sql("SELECT " + HostRows.COLUMNS + FROM + " LEFT JOIN host_state s ON s.host_id = h.id WHERE "
					+ where.sql() + " ORDER BY h.id LIMIT :limit")
			.params(where.parameters())
			.param("limit", limit)
			.query(this.rows)
			.list();
	}

}
