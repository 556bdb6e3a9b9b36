package dev.kfleet.hosts;

import java.util.List;

/**
 * A Kubernetes-style label selector, such as {@code env=prod,rack in (r1,r2),!canary}: a
 * host matches when it meets every requirement.
 *
 * @param requirements the requirements, all of which must hold
 */
public record LabelSelector(List<Requirement> requirements) {

	/** The selector that selects every host. */
	public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

	public LabelSelector {
		requirements = List.copyOf(requirements);
	}

	/** Parses a selector; {@code null} or blank selects everything. */
	public static LabelSelector parse(String selector) {
		return new LabelSelectorParser(selector).parse();
	}

	/** The operators of the Kubernetes selector syntax. */
	public enum Operator {

		/** {@code key=value} or {@code key==value}. */
		EQUALS,

		/** {@code key!=value}; also true when the key is absent. */
		NOT_EQUALS,

		/** {@code key in (a,b)}. */
		IN,

		/** {@code key notin (a,b)}; also true when the key is absent. */
		NOT_IN,

		/** {@code key}. */
		EXISTS,

		/** {@code !key}. */
		NOT_EXISTS

	}

	/**
	 * One requirement of a selector.
	 *
	 * @param key the label key
	 * @param operator how the label is compared
	 * @param values the values compared with (none for EXISTS and NOT_EXISTS)
	 */
	public record Requirement(String key, Operator operator, List<String> values) {

		public Requirement {
			values = List.copyOf(values);
		}

	}

}
