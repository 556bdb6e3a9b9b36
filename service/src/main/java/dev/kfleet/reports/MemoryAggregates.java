package dev.kfleet.reports;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The memory report's figures over a {@link HostScope}, for the whole scope or by a
 * {@link Grouping}: one grouped query each, over {@code host} (the hosts module's),
 * {@code host_state}, {@code host_agent} and {@code host_hugetlb_pool} (the observations
 * module's), read only (ADR 0002). The live report, the stored fleet report and the daily
 * history all come from here (ADR 0041).
 * <p>
 * Each host is joined to its state and agent by host id and to the sum of its pools by a
 * lateral lookup, so that a narrowed scope reads only its hosts' rows (by the label
 * index) and the whole fleet is one hash join.
 */
@Component
class MemoryAggregates {

	private static final String FROM = """
			FROM host h
			LEFT JOIN host_state s ON s.host_id = h.id
			LEFT JOIN host_agent a ON a.host_id = h.id
			""";

	private static final String POOLS = """
			LEFT JOIN LATERAL (SELECT sum(hp.total * hp.page_size_bytes) AS bytes
			                   FROM host_hugetlb_pool hp WHERE hp.host_id = h.id) p ON TRUE
			""";

	/** The page sizes a host has pages of, one row each (none: one row of nulls). */
	private static final String PAGE_SIZES = """
			LEFT JOIN LATERAL (SELECT hp.page_size_bytes AS size, hp.total * hp.page_size_bytes AS bytes
			                   FROM host_hugetlb_pool hp WHERE hp.host_id = h.id AND hp.total > 0) p ON TRUE
			""";

	private final JdbcClient jdbc;

	MemoryAggregates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The figures of every host in the scope. */
	MemoryFigures totals(HostScope scope, Instant staleBefore) {
		Map<String, Object> parameters = HostScope.parameters();
		String sql = "SELECT " + MemoryFigures.columns("p.bytes") + " " + FROM + POOLS + "WHERE "
				+ scope.where(parameters);
		return query(sql, parameters, staleBefore).query((rs, row) -> MemoryFigures.of(rs)).single();
	}

	/**
	 * Up to {@code limit} groups of the scope by {@code grouping}, in the order of their
	 * keys (numbers as numbers), after the key {@code after}.
	 */
	List<Group> groups(HostScope scope, Instant staleBefore, Grouping grouping, @Nullable String after, int limit) {
		Map<String, Object> parameters = HostScope.parameters();
		String key = key(grouping, parameters);
		String where = scope.where(parameters) + " AND " + key + " IS NOT NULL";
		if (after != null) {
			where += " AND " + key + " > " + (grouping.isNumeric() ? "CAST(:after AS bigint)" : ":after");
			parameters.put("after", after);
		}
		parameters.put("limit", limit);
		String sql = "SELECT " + key + " AS key, " + MemoryFigures.columns("p.bytes") + " " + from(grouping) + "WHERE "
				+ where + " GROUP BY 1 ORDER BY 1 LIMIT :limit";
		return query(sql, parameters, staleBefore)
			.query((rs, row) -> new Group(rs.getString("key"), MemoryFigures.of(rs)))
			.list();
	}

	/** The figures of the hosts of the scope that have no key in {@code grouping}. */
	MemoryFigures ungrouped(HostScope scope, Instant staleBefore, Grouping grouping) {
		Map<String, Object> parameters = HostScope.parameters();
		String key = key(grouping, parameters);
		String sql = "SELECT " + MemoryFigures.columns("p.bytes") + " " + from(grouping) + "WHERE "
				+ scope.where(parameters) + " AND " + key + " IS NULL";
		return query(sql, parameters, staleBefore).query((rs, row) -> MemoryFigures.of(rs)).single();
	}

	/**
	 * The hosts of the scope whose HVO is unsupported, by each reason their agent gave
	 * (the codes of its blocking limits, a closed set); a host with two reasons counts in
	 * both.
	 */
	Map<String, Long> unsupportedReasons(HostScope scope) {
		Map<String, Object> parameters = HostScope.parameters();
		Map<String, Long> reasons = new LinkedHashMap<>();
		this.jdbc
			.sql("SELECT reason, count(*) AS hosts FROM host h JOIN host_state s ON s.host_id = h.id "
					+ "CROSS JOIN LATERAL unnest(s.hvo_blocking_reasons) AS reason WHERE " + scope.where(parameters)
					+ " AND s.hvo = 'unsupported' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 100")
			.params(parameters)
			.query((rs) -> {
				reasons.put(rs.getString("reason"), rs.getLong("hosts"));
			});
		return reasons;
	}

	private JdbcClient.StatementSpec query(String sql, Map<String, Object> parameters, Instant staleBefore) {
		return this.jdbc.sql(sql).params(parameters).param("staleBefore", Timestamp.from(staleBefore));
	}

	private static String from(Grouping grouping) {
		return FROM + (grouping.equals(Grouping.PAGE_SIZE) ? PAGE_SIZES : POOLS);
	}

	private static String key(Grouping grouping, Map<String, Object> parameters) {
		if (grouping.labelKey() != null) {
			parameters.put("labelKey", grouping.labelKey());
			return "(h.labels ->> CAST(:labelKey AS text))";
		}
		return switch (grouping.name()) {
			case "kernel" -> "h.kernel_release";
			case "numaNodes" -> "s.numa_nodes";
			case "pageSize" -> "p.size";
			default -> throw new IllegalArgumentException("no key for " + grouping);
		};
	}

	/**
	 * One group.
	 *
	 * @param key its key (a number's decimal digits for numeric groupings)
	 * @param figures its figures
	 */
	record Group(String key, MemoryFigures figures) {
	}

}
