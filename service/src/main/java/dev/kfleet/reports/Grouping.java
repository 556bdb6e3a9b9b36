package dev.kfleet.reports;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.platform.ApiException;

/**
 * How a fleet report groups hosts, from a closed set: {@code kernel} (the running
 * kernel's release), {@code numaNodes} (how many NUMA nodes the HugeTLB pools list),
 * {@code pageSize} (each HugeTLB page size the host has pages of; a host with pages of
 * two sizes is in both groups) and {@code label:<key>} (the value of a label). The
 * {@code fleet} grouping is the whole fleet, one group. Each grouping is one SQL key
 * expression over the aliases of {@link MemoryAggregates}; a host whose key is null (no
 * such label, an unknown kernel, no pages) is in the grouping's {@code ungrouped}
 * figures.
 *
 * @param name the grouping as the API names it
 * @param labelKey the label key of a {@code label:} grouping
 */
record Grouping(String name, @Nullable String labelKey) {

	static final Grouping FLEET = new Grouping("fleet", null);

	static final Grouping KERNEL = new Grouping("kernel", null);

	static final Grouping NUMA_NODES = new Grouping("numaNodes", null);

	static final Grouping PAGE_SIZE = new Grouping("pageSize", null);

	static final String LABEL_PREFIX = "label:";

	/** The groupings every fleet report knows besides labels. */
	static final List<Grouping> BUILT_IN = List.of(KERNEL, NUMA_NODES, PAGE_SIZE);

	/**
	 * The grouping a client asked for in {@code parameter}.
	 * @throws ApiException (400) when it is none of the closed set, or its label key is
	 * not a valid label key
	 */
	static Grouping parse(String parameter, String value) {
		for (Grouping grouping : BUILT_IN) {
			if (grouping.name.equals(value)) {
				return grouping;
			}
		}
		if (value.startsWith(LABEL_PREFIX)) {
			return label(parameter, value.substring(LABEL_PREFIX.length()));
		}
		throw ApiException.invalid(parameter,
				"must be kernel, numaNodes, pageSize or label:<key>, not '" + shown(value) + "'");
	}

	/** The grouping by a label key, which must be a valid label key. */
	static Grouping label(String parameter, String key) {
		LabelSelector exists;
		try {
			exists = (key.isEmpty() || key.length() > 317) ? LabelSelector.EVERYTHING : LabelSelector.parse(key);
		}
		catch (ApiException ex) {
			exists = LabelSelector.EVERYTHING;
		}
		if (exists.requirements().size() != 1 || !exists.requirements().getFirst().key().equals(key)
				|| exists.requirements().getFirst().operator() != LabelSelector.Operator.EXISTS) {
			throw ApiException.invalid(parameter, "'" + shown(key)
					+ "' is not a label key (an optional DNS prefix and /, then up to 63 letters, digits, -, _ and .)");
		}
		return new Grouping(LABEL_PREFIX + key, key);
	}

	boolean isNumeric() {
		return this.equals(NUMA_NODES) || this.equals(PAGE_SIZE);
	}

	/** A text shown back to a client: its start, control characters escaped. */
	private static String shown(String value) {
		return dev.kfleet.platform.Text
			.escapeControlCharacters((value.length() > 80) ? value.substring(0, 80) + "…" : value);
	}

}
