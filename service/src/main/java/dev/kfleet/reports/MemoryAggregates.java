package dev.kfleet.reports;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

	/**
	 * {@link #POOLS} for the whole fleet: every host's pools summed in one pass and hash
	 * joined, instead of a lookup per host.
	 */
	private static final String FLEET_POOLS = """
			LEFT JOIN (SELECT hp.host_id, sum(hp.total * hp.page_size_bytes) AS bytes
			           FROM host_hugetlb_pool hp GROUP BY hp.host_id) p ON p.host_id = h.id
			""";

	/** {@link #PAGE_SIZES} for the whole fleet, hash joined. */
	private static final String FLEET_PAGE_SIZES = """
			LEFT JOIN (SELECT hp.host_id, hp.page_size_bytes AS size, hp.total * hp.page_size_bytes AS bytes
			           FROM host_hugetlb_pool hp WHERE hp.total > 0) p ON p.host_id = h.id
			""";

	private final JdbcClient jdbc;

	MemoryAggregates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The figures of every host in the scope. */
	MemoryFigures totals(HostScope scope, Instant staleBefore) {
		Map<String, Object> parameters = HostScope.parameters();
		String sql = "SELECT " + MemoryFigures.columns("p.bytes") + " " + from(scope, Grouping.FLEET) + "WHERE "
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
		String sql = "SELECT " + key + " AS key, " + MemoryFigures.columns("p.bytes") + " " + from(scope, grouping)
				+ "WHERE " + where + " GROUP BY 1 ORDER BY 1 LIMIT :limit";
		return query(sql, parameters, staleBefore)
			.query((rs, row) -> new Group(rs.getString("key"), MemoryFigures.of(rs)))
			.list();
	}

	/** The figures of the hosts of the scope that have no key in {@code grouping}. */
	MemoryFigures ungrouped(HostScope scope, Instant staleBefore, Grouping grouping) {
		Map<String, Object> parameters = HostScope.parameters();
		String key = key(grouping, parameters);
		String sql = "SELECT " + MemoryFigures.columns("p.bytes") + " " + from(scope, grouping) + "WHERE "
				+ scope.where(parameters) + " AND " + key + " IS NULL";
		return query(sql, parameters, staleBefore).query((rs, row) -> MemoryFigures.of(rs)).single();
	}

	/**
	 * The whole fleet's totals and its groups by each of {@code groupings}, all but the
	 * page size in one pass over the hosts ({@code GROUPING SETS}), the page size in
	 * another (a host is in a group per page size). A grouping with more than
	 * {@code maxGroups} groups is left out.
	 */
	FleetFigures fleet(Instant staleBefore, List<Grouping> groupings, int maxGroups) {
		List<Grouping> perHost = groupings.stream().filter((grouping) -> !grouping.equals(Grouping.PAGE_SIZE)).toList();
		List<String> keys = perHost.stream().map(MemoryAggregates::fleetKey).toList();
		StringBuilder sets = new StringBuilder("()");
		StringBuilder columns = new StringBuilder();
		for (int i = 0; i < keys.size(); i++) {
			sets.append(", (").append(keys.get(i)).append(')');
			columns.append(keys.get(i)).append(" AS k").append(i).append(", ");
		}
		String bits = keys.isEmpty() ? "0" : "GROUPING(" + String.join(", ", keys) + ")";
		String sql = "SELECT * FROM (SELECT g.*, count(*) OVER (PARTITION BY g.set_bits) AS set_rows FROM (SELECT "
				+ bits + " AS set_bits, " + columns + MemoryFigures.columns("p.bytes") + " "
				+ from(HostScope.FLEET, Grouping.FLEET) + "WHERE h.decommissioned_at IS NULL GROUP BY GROUPING SETS ("
				+ sets + ")) g) w WHERE w.set_rows <= :max + 1";
		int all = (1 << keys.size()) - 1;
		Map<Integer, Integer> setOf = new LinkedHashMap<>();
		for (int i = 0; i < keys.size(); i++) {
			setOf.put(all & ~(1 << (keys.size() - 1 - i)), i);
		}
		MemoryFigures[] totals = new MemoryFigures[1];
		Map<Integer, List<Group>> groups = new LinkedHashMap<>();
		Map<Integer, MemoryFigures> ungrouped = new LinkedHashMap<>();
		query(sql, Map.of("max", maxGroups), staleBefore).query((rs) -> {
			int set = rs.getInt("set_bits");
			MemoryFigures figures = MemoryFigures.of(rs);
			Integer index = setOf.get(set);
			if (index == null) {
				totals[0] = figures;
				return;
			}
			String key = rs.getString("k" + index);
			if (key == null) {
				ungrouped.put(index, figures);
			}
			else {
				groups.computeIfAbsent(index, (i) -> new ArrayList<>()).add(new Group(key, figures));
			}
		});
		Objects.requireNonNull(totals[0], "the fleet's totals");
		Map<String, FleetReport.StoredGrouping> kept = new LinkedHashMap<>();
		for (Grouping grouping : groupings) {
			if (grouping.equals(Grouping.PAGE_SIZE)) {
				List<Group> sizes = groups(HostScope.FLEET, staleBefore, grouping, null, maxGroups + 1);
				if (sizes.size() <= maxGroups) {
					kept.put(grouping.name(),
							new FleetReport.StoredGrouping(sizes, ungrouped(HostScope.FLEET, staleBefore, grouping)));
				}
				continue;
			}
			int index = perHost.indexOf(grouping);
			List<Group> found = groups.getOrDefault(index, new ArrayList<>());
			// Every host is in a group or ungrouped: a set without rows was left out for
			// having too many groups, unless there is no host at all.
			boolean computed = !found.isEmpty() || ungrouped.containsKey(index) || totals[0].hosts().total() == 0;
			if (computed && found.size() <= maxGroups) {
				found.sort(grouping.isNumeric() ? Comparator.comparing((Group group) -> Long.parseLong(group.key()))
						: Comparator.comparing(Group::key));
				kept.put(grouping.name(),
						new FleetReport.StoredGrouping(found, ungrouped.getOrDefault(index, MemoryFigures.NONE)));
			}
		}
		return new FleetFigures(totals[0], kept);
	}

	/**
	 * The key of a grouping in the fleet pass: the same expression in the select list and
	 * in its grouping set, so a label key is a literal there (a valid label key: letters,
	 * digits, {@code -_./}, checked again here).
	 */
	private static String fleetKey(Grouping grouping) {
		String label = grouping.labelKey();
		if (label != null) {
			if (!label.matches("[A-Za-z0-9._/-]{1,317}")) {
				throw new IllegalArgumentException("not a label key: " + label);
			}
			return "(h.labels ->> '" + label + "')";
		}
		return key(grouping, new LinkedHashMap<>());
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

	/**
	 * The hosts joined to their state, agent and pools: a narrowed scope looks each of
	 * its hosts' pools up (by the label index, few rows); the whole fleet sums them all
	 * in one pass.
	 */
	private static String from(HostScope scope, Grouping grouping) {
		boolean pageSizes = grouping.equals(Grouping.PAGE_SIZE);
		if (scope.isFleet()) {
			return FROM + (pageSizes ? FLEET_PAGE_SIZES : FLEET_POOLS);
		}
		return FROM + (pageSizes ? PAGE_SIZES : POOLS);
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
	 * The whole fleet's memory figures.
	 *
	 * @param totals every active host's
	 * @param groupings by grouping name, each grouping kept (at most the bound of groups)
	 */
	record FleetFigures(MemoryFigures totals, Map<String, FleetReport.StoredGrouping> groupings) {
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
