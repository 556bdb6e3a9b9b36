package dev.kfleet.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart's Grafana dashboards ({@code helm/kfleet/dashboards/*.json}) and the PromQL
 * they run: their panels' targets and their variables' {@code label_values} queries.
 */
final class Dashboards {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_]\\w*)\\)");

	private Dashboards() {
	}

	/** Every dashboard by file name. */
	static Map<String, JsonNode> files() {
		Map<String, JsonNode> dashboards = new TreeMap<>();
		try (Stream<Path> files = Files.list(Chart.DIR.resolve("dashboards"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).toList()) {
				dashboards.put(file.getFileName().toString(), JSON.readTree(Files.readString(file)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return dashboards;
	}

	/**
	 * A panel's query.
	 *
	 * @param dashboard the dashboard's file name
	 * @param panel the panel's title
	 * @param expr the PromQL, with Grafana's variables
	 */
	record Target(String dashboard, String panel, String expr) {

		@Override
		public String toString() {
			return this.dashboard + " / " + this.panel + ": " + this.expr;
		}

	}

	/** Every panel target of every dashboard. */
	static List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		files().forEach((name, dashboard) -> {
			for (JsonNode panel : dashboard.path("panels")) {
				panel.path("targets")
					.forEach((target) -> targets
						.add(new Target(name, panel.path("title").asString(), target.path("expr").asString())));
			}
		});
		return targets;
	}

	/**
	 * Every query variable's {@code label_values(selector, label)}, as matched: group 1
	 * the selector, group 2 the label.
	 */
	static List<Matcher> labelValues(JsonNode dashboard) {
		List<Matcher> queries = new ArrayList<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if (variable.path("type").asString().equals("query")) {
				Matcher query = LABEL_VALUES.matcher(variable.path("definition").asString());
				if (!query.matches()) {
					throw new AssertionError(
							"variable " + variable.path("name") + ": not label_values(selector, label)");
				}
				queries.add(query);
			}
		}
		return queries;
	}

}
