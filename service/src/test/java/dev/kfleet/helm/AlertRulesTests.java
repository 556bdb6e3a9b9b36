package dev.kfleet.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules ({@code helm/kfleet/alerts/kfleet-rules.yaml}): {@code promtool check
 * rules} and {@code promtool test rules} (synthetic series for every alert) pass, each
 * alert links to its runbook paragraph, and the chart's PrometheusRule carries the same
 * rules. {@link DashboardsAndAlertsIntegrationTests} runs them on a real Prometheus.
 */
class AlertRulesTests {

	static final Path RULES = Chart.DIR.resolve("alerts").resolve("kfleet-rules.yaml");

	static final Path RUNBOOKS = Chart.DIR.resolve("../../docs/runbooks.md").normalize();

	/** Every alert's expression, by name, in the file's order. */
	static Map<String, String> alerts() {
		Map<String, String> alerts = new LinkedHashMap<>();
		for (JsonNode group : Chart.readYaml(RULES).path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				alerts.put(rule.path("alert").asString(), rule.path("expr").asString());
			}
		}
		return alerts;
	}

	/**
	 * The signal of an alert's expression: what is left of its last comparison outside
	 * parentheses, brackets, braces and strings (the whole expression if there is none).
	 */
	static String signal(String expr) {
		int depth = 0;
		int last = -1;
		char quote = 0;
		for (int i = 0; i < expr.length(); i++) {
			char c = expr.charAt(i);
			if (quote != 0) {
				quote = (c == '\\') ? quote : (c == quote) ? 0 : quote;
				i += (c == '\\') ? 1 : 0;
			}
			else if (c == '"' || c == '\'' || c == '`') {
				quote = c;
			}
			else if ("([{".indexOf(c) >= 0) {
				depth++;
			}
			else if (")]}".indexOf(c) >= 0) {
				depth--;
			}
			else if (depth == 0 && (c == '>' || c == '<' || ((c == '=' || c == '!') && i + 1 < expr.length()
					&& expr.charAt(i + 1) == '=' && (i == 0 || "<>=!".indexOf(expr.charAt(i - 1)) < 0)))) {
				last = i;
			}
		}
		return (last < 0) ? expr : expr.substring(0, last).strip();
	}

	@Test
	void promtoolChecksAndTestsTheRules() {
		assumeTrue(Prometheus.binary("promtool").isPresent(),
				"promtool is not installed (Debian: apt-get install prometheus; .ci/run installs it)");
		Prometheus.Result check = Prometheus.promtool(RULES.getParent(), null, "check", "rules", "kfleet-rules.yaml");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 6 rules found");
		Prometheus.Result test = Prometheus.promtool(RULES.getParent(), null, "test", "rules",
				"kfleet-rules-tests.yaml");
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	void theUnitTestsOfTheRulesCoverEveryAlert() throws IOException {
		String tests = Files.readString(RULES.resolveSibling("kfleet-rules-tests.yaml"));
		assertThat(alerts().keySet()).allSatisfy((alert) -> assertThat(tests).contains("alertname: " + alert));
	}

	@Test
	void everyAlertLinksToItsRunbookParagraph() throws IOException {
		String runbooks = Files.readString(RUNBOOKS);
		for (JsonNode group : Chart.readYaml(RULES).path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				String alert = rule.path("alert").asString();
				assertThat(rule.path("annotations").path("runbook_url").asString())
					.isEqualTo("https://kfleet.dev/runbooks#" + alert.toLowerCase(Locale.ROOT));
				assertThat(runbooks).contains("\n## " + alert + "\n");
				assertThat(rule.path("labels").path("severity").asString()).isIn("warning", "critical");
				assertThat(rule.path("annotations").path("summary").asString()).isNotBlank();
				assertThat(rule.path("annotations").path("description").asString()).isNotBlank();
			}
		}
	}

	@Test
	void theSignalIsWhatIsLeftOfTheLastComparison() {
		assertThat(signal("max by (job) (a) / clamp_min(sum(b), 1) > 0.1"))
			.isEqualTo("max by (job) (a) / clamp_min(sum(b), 1)");
		assertThat(signal("sum(rate(a{o=~\"x|y\"}[5m])) / (sum(rate(a[5m])) > 0) > 0.05"))
			.isEqualTo("sum(rate(a{o=~\"x|y\"}[5m])) / (sum(rate(a[5m])) > 0)");
		assertThat(signal("time() - max(a) > 3 * max(b) + 300")).isEqualTo("time() - max(a)");
		assertThat(signal("a{l!=\">\"} == 1")).isEqualTo("a{l!=\">\"}");
		assertThat(signal("up")).isEqualTo("up");
	}

	@Test
	void theChartsPrometheusRuleCarriesTheRulesFileOnlyWhenAsked() {
		assertThat(Chart.render("default").all("PrometheusRule")).isEmpty();
		JsonNode rule = Chart
			.render("default", "metrics.prometheusRule.enabled=true",
					"metrics.prometheusRule.labels.release=prometheus")
			.one("PrometheusRule");
		assertThat(rule.path("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(rule.path("metadata").path("labels").path("release").asString()).isEqualTo("prometheus");
		assertThat(rule.path("spec")).isEqualTo(Chart.readYaml(RULES));
		assertThat(Chart.render("agent-only", "metrics.prometheusRule.enabled=true").all("PrometheusRule")).isEmpty();
	}

}
