package dev.kfleet.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.hosts.LabelSelectorSql;

import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The SQL {@code WHERE} clause of a host search, with named parameters (the label
 * selector's conditions are {@link LabelSelectorSql}'s).
 *
 * @param sql the condition, over the aliases {@code h} (the host), {@code a} (its agent's
 * presence) and {@code s} (its observed state)
 * @param parameters its named parameters
 * @param agent whether the condition reads {@code a}
 * @param state whether the condition reads {@code s}
 */
record HostConditions(String sql, Map<String, Object> parameters, boolean agent, boolean state) {

	static HostConditions of(HostFilter filter, @Nullable UUID after) {
		Builder builder = new Builder();
		if (!filter.includeDecommissioned()) {
			builder.clauses.add("h.decommissioned_at IS NULL");
		}
		if (after != null) {
			builder.clauses.add("h.id > " + builder.bind(after));
		}
		if (filter.kernelReleasePrefix() != null) {
			builder.clauses.add("h.kernel_release LIKE " + builder.bind(likeEscape(filter.kernelReleasePrefix()) + "%")
					+ " ESCAPE '\\'");
		}
		if (filter.hostnameContains() != null) {
			builder.clauses.add("h.hostname ILIKE " + builder.bind("%" + likeEscape(filter.hostnameContains()) + "%")
					+ " ESCAPE '\\'");
		}
		if (filter.lastSeenBefore() != null) {
			builder.agent("a.last_seen_at < " + builder.bind(timestamp(filter.lastSeenBefore())));
		}
		if (filter.lastSeenAfter() != null) {
			builder.agent("a.last_seen_at >= " + builder.bind(timestamp(filter.lastSeenAfter())));
		}
		observed(builder, filter);
		if (filter.drifted() != null) {
			// The rollouts module's drift marks (ADR 0035), read as the rest is.
			builder.clauses.add((filter.drifted() ? "" : "NOT ")
					+ "EXISTS (SELECT 1 FROM rollout_host rd WHERE rd.host_id = h.id AND rd.drifted)");
		}
		builder.requirements(filter.selector());
		String sql = builder.clauses.isEmpty() ? "TRUE" : String.join(" AND ", builder.clauses);
		return new HostConditions(sql, builder.parameters, builder.agent, builder.state);
	}

	/** Filters on the latest report and on the agent's presence. */
	private static void observed(Builder builder, HostFilter filter) {
		if ("unknown".equals(filter.hvo())) {
			builder.state("(s.hvo IS NULL OR s.hvo = 'unknown')");
		}
		else if (filter.hvo() != null) {
			builder.state("s.hvo = " + builder.bind(filter.hvo()));
		}
		if (filter.vduseDevices() != null) {
			builder.state(filter.vduseDevices() ? "s.vduse_device_count > 0" : "COALESCE(s.vduse_device_count, 0) = 0");
		}
		if (filter.stale() != null) {
			String threshold = builder.bind(timestamp(filter.staleBefore()));
			builder.agent(filter.stale() ? "a.last_seen_at < " + threshold : "a.last_seen_at >= " + threshold);
		}
	}

	private static String likeEscape(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static final class Builder {

		private final List<String> clauses = new ArrayList<>();

		private final Map<String, Object> parameters = new LinkedHashMap<>();

		private boolean agent;

		private boolean state;

		private void agent(String clause) {
			this.agent = true;
			this.clauses.add(clause);
		}

		private void state(String clause) {
			this.state = true;
			this.clauses.add(clause);
		}

		private String bind(@Nullable Object value) {
			return LabelSelectorSql.bind(value, this.parameters);
		}

		private void requirements(LabelSelector selector) {
			this.clauses.addAll(LabelSelectorSql.conditions(selector, this.parameters));
		}

	}

}
