package dev.kfleet.rollouts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.hosts.LabelSelectorSql;

import static dev.kfleet.platform.SqlTypes.instant;

/**
 * The hosts a rollout targets, with their agents' presence and latest reports, in one
 * query: read only, from the hosts and observations modules' tables, as the reports
 * module reads them (ADR 0002). The agent's words for an unsupported feature are taken
 * from the report only for the hosts that need them.
 */
@Repository
class TargetHostRepository {

	private final JdbcClient jdbc;

	TargetHostRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The active hosts that match {@code selector} (when given) and the hosts named in
	 * {@code ids} (decommissioned ones too, so that they can be named as such), in id
	 * order.
	 */
	List<TargetHost> find(Feature feature, LabelSelector selector, boolean bySelector, List<UUID> ids) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		List<String> matched = new ArrayList<>();
		if (bySelector) {
			List<String> conditions = new ArrayList<>(List.of("h.decommissioned_at IS NULL"));
			conditions.addAll(LabelSelectorSql.conditions(selector, parameters));
			matched.add("(" + String.join(" AND ", conditions) + ")");
		}
		if (!ids.isEmpty()) {
			matched
				.add("h.id = ANY(" + LabelSelectorSql.bind(new SqlArrayValue("uuid", ids.toArray()), parameters) + ")");
		}
		String whyNot = (feature == Feature.HVO) ? """
				CASE WHEN s.hvo_supported IS NOT TRUE THEN (
				    SELECT string_agg(l->>'message', '; ')
				    FROM host_report r, jsonb_array_elements(r.report::jsonb #> '{hvo,support,limits}') l
				    WHERE r.host_id = h.id AND (l->>'blocking')::boolean) END""" : """
				CASE WHEN s.vduse_supported IS NOT TRUE THEN (
				    SELECT r.report::jsonb #>> '{vduse,supportReason}' FROM host_report r
				    WHERE r.host_id = h.id) END""";
		return this.jdbc.sql("""
				SELECT h.id, h.hostname, h.decommissioned_at IS NOT NULL AS decommissioned, a.last_seen_at,
				       s.host_id IS NOT NULL AS reported, s.hvo_supported, s.hvo_switch_on,
				       s.hvo_switch_persisted, s.vduse_supported,
				       s.vduse_modules_loaded, %s AS why_not
				FROM host h
				LEFT JOIN host_agent a ON a.host_id = h.id
				LEFT JOIN host_state s ON s.host_id = h.id
				WHERE %s ORDER BY h.id""".formatted(whyNot, String.join(" OR ", matched)))
			.params(parameters)
			.query((rs, row) -> new TargetHost(rs.getObject("id", UUID.class), rs.getString("hostname"),
					rs.getBoolean("decommissioned"), instant(rs, "last_seen_at"), rs.getBoolean("reported"),
					(Boolean) rs.getObject("hvo_supported"), (Boolean) rs.getObject("hvo_switch_on"),
					(Boolean) rs.getObject("hvo_switch_persisted"), (Boolean) rs.getObject("vduse_supported"),
					(Boolean) rs.getObject("vduse_modules_loaded"), rs.getString("why_not")))
			.list();
	}

}
