package dev.kfleet.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.hosts.LabelSelectorSql;

/**
 * The hosts a fleet report covers: the active hosts, narrowed by a label selector (its
 * conditions are {@link LabelSelectorSql}'s, over the host aliased {@code h}).
 *
 * @param selector the label selector ({@link LabelSelector#EVERYTHING} for the whole
 * fleet)
 */
record HostScope(LabelSelector selector) {

	static final HostScope FLEET = new HostScope(LabelSelector.EVERYTHING);

	boolean isFleet() {
		return this.selector.requirements().isEmpty();
	}

	/** The condition, with its named parameters added to {@code parameters}. */
	String where(Map<String, Object> parameters) {
		List<String> clauses = new ArrayList<>();
		clauses.add("h.decommissioned_at IS NULL");
		clauses.addAll(LabelSelectorSql.conditions(this.selector, parameters));
		return String.join(" AND ", clauses);
	}

	/** A new map of named parameters. */
	static Map<String, Object> parameters() {
		return new LinkedHashMap<>();
	}

}
