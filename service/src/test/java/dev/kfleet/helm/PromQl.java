package dev.kfleet.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to check dashboards: the metric names an expression selects, and how
 * a metric is aggregated. Not a parser; it relies on what PromQL and Grafana's template
 * variables look like.
 */
final class PromQl {

	private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");

	private static final Pattern RANGES = Pattern.compile("\\[[^\\[\\]]*]");

	private static final Pattern GROUPINGS = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)", Pattern.CASE_INSENSITIVE);

	private static final Pattern VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");

	private static final Pattern TOKENS = Pattern
		.compile("(?<number>\\d[\\w.]*)|(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan", "atan2");

	private PromQl() {
	}

	/**
	 * Returns the metric names an expression selects: every identifier that is not a
	 * function or aggregation, keyword, label, string, duration, number or Grafana
	 * variable.
	 * @param expression a PromQL expression, possibly with Grafana variables
	 * @return the metric names
	 */
	static Set<String> metricNames(String expression) {
		String rest = STRINGS.matcher(expression).replaceAll(" ");
		rest = MATCHERS.matcher(rest).replaceAll(" ");
		rest = RANGES.matcher(rest).replaceAll(" ");
		rest = GROUPINGS.matcher(rest).replaceAll(" ");
		rest = VARIABLES.matcher(rest).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher tokens = TOKENS.matcher(rest);
		while (tokens.find()) {
			String name = tokens.group("name");
			if (name != null && tokens.group("call") == null && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * Returns the selectors of metrics with this prefix that are not directly aggregated
	 * by {@code max} ({@code max(m)}, {@code max by (l) (m)},
	 * {@code max without (l) (m)}): a gauge that every replica reports alike must not be
	 * summed over replicas, nor shown once per replica.
	 * @param expression a PromQL expression
	 * @param prefix the metric name prefix, e.g. {@code kfleet_fleet_}
	 * @return a description of each such selector, empty if there is none
	 */
	static List<String> notUnderMax(String expression, String prefix) {
		Pattern metric = Pattern.compile("(?<![\\w:])" + Pattern.quote(prefix) + "[\\w:]*");
		Pattern underMax = Pattern.compile("(?<![\\w:])max\\s*(?:(?:by|without)\\s*\\([^()]*\\)\\s*)?\\(\\s*$");
		String withoutStrings = STRINGS.matcher(expression).replaceAll((match) -> " ".repeat(match.group().length()));
		List<String> problems = new ArrayList<>();
		Matcher matcher = metric.matcher(withoutStrings);
		while (matcher.find()) {
			String before = withoutStrings.substring(0, matcher.start());
			if (!underMax.matcher(before).find()) {
				problems.add(matcher.group() + " at " + matcher.start() + " in: " + expression);
			}
		}
		return problems;
	}

}
