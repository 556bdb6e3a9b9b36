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
 *
 * <p>
 * A page costs the same at any depth (ADR 0008): the hosts are read in id order from the
 * cursor, and the agent's presence and the observed state are joined only when a filter
 * reads them, each as a lateral lookup by host id that the planner cannot turn into a
 * merge join ({@code OFFSET 0} keeps it from pulling the subquery up into one). A merge
 * join would scan {@code host_agent} or {@code host_state} from its first row rather than
 * from the cursor: at 90 % depth of 100,000 enrolled hosts it read 91,000 buffers where
 * the lookups read 4,000, as on the first page.
 */
@Repository
class HostListRepository {

	private static final String AGENT = " LEFT JOIN LATERAL (SELECT last_seen_at FROM host_agent WHERE host_id = h.id OFFSET 0) a ON TRUE";

	private static final String STATE = " LEFT JOIN LATERAL (SELECT hvo, vduse_device_count FROM host_state WHERE host_id = h.id OFFSET 0) s ON TRUE";

	private final JdbcClient jdbc;

	private final HostRows rows;

	HostListRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.rows = new HostRows(json);
	}

	/** Up to {@code limit} hosts that match, after {@code after} in id order. */
	List<Host> search(HostFilter filter, @Nullable UUID after, int limit) {
		HostConditions where = HostConditions.of(filter, after);
		return this.jdbc.sql(sql(where)).params(where.parameters()).param("limit", limit).query(this.rows).list();
	}

	/** The query, with the named parameters of {@code where} and {@code :limit}. */
	static String sql(HostConditions where) {
		return "SELECT " + HostRows.COLUMNS + " FROM host h" + (where.agent() ? AGENT : "")
				+ (where.state() ? STATE : "") + " WHERE " + where.sql() + " ORDER BY h.id LIMIT :limit";
	}

}
