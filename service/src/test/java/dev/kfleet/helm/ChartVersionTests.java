package dev.kfleet.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's versions (CONTRIBUTING.md, "The Helm chart"): its {@code appVersion} is the
 * Maven project version that the build tags both images with, so that the default image
 * references are what the same commit builds; and a change to the chart comes with a new
 * chart version, recorded in {@code helm/chart-versions.txt} ({@link ChartVersions}).
 */
class ChartVersionTests {

	static final Path ROOT_POM = Chart.DIR.resolve("../../pom.xml").normalize();

	static final Path RECORD = Chart.DIR.resolveSibling(ChartVersions.RECORD);

	@Test
	void appVersionIsTheProjectVersionTheImagesAreTaggedWith() throws Exception {
		String projectVersion = projectVersion(ROOT_POM);
		assertThat(projectVersion).isNotBlank();
		assertThat(Chart.readYaml(Chart.DIR.resolve("Chart.yaml")).path("appVersion").asString())
			.as("Chart.yaml's appVersion and the version in pom.xml")
			.isEqualTo(projectVersion);
		Chart.Rendered rendered = Chart.render("default");
		assertThat(rendered.container("Deployment").path("image").asString())
			.isEqualTo("kfleet-service:" + projectVersion);
		assertThat(rendered.container("DaemonSet").path("image").asString())
			.isEqualTo("kfleet-agent:" + projectVersion);
		assertThat(
				rendered.one("Deployment").path("metadata").path("labels").path("app.kubernetes.io/version").asString())
			.isEqualTo(projectVersion);
	}

	@Test
	void theChartAsItIsHasItsVersionRecordedWithItsDigest() {
		assertThat(ChartVersions.check(Chart.DIR, RECORD)).isEmpty();
	}

	@Test
	void aChangedChartWithoutANewVersionFails(@TempDir Path dir) throws IOException {
		Path chart = copy(dir);
		String version = version(chart);
		Path template = chart.resolve("templates/server-service.yaml");
		Files.writeString(template, Files.readString(template).replace("port:", "port: "));
		assertThat(ChartVersions.check(chart, record(dir))).singleElement()
			.asString()
			.contains("helm/kfleet changed since chart version " + version + " was recorded")
			.contains("append the line \"" + ChartVersions.next(version) + " " + ChartVersions.digest(chart) + "\"");

		Files.writeString(chart.resolve("README.md"), "\n", java.nio.file.StandardOpenOption.APPEND);
		assertThat(ChartVersions.check(chart, record(dir))).as("documentation is part of the chart too").hasSize(1);
	}

	@Test
	void aNewVersionNeedsItsLineAndThenPasses(@TempDir Path dir) throws IOException {
		Path chart = copy(dir);
		String version = version(chart);
		Path template = chart.resolve("templates/server-service.yaml");
		Files.writeString(template, Files.readString(template) + "\n");
		String next = ChartVersions.next(version);
		Path yaml = chart.resolve("Chart.yaml");
		Files.writeString(yaml, Files.readString(yaml).replace("version: " + version, "version: " + next));
		Path record = record(dir);
		assertThat(ChartVersions.check(chart, record)).singleElement()
			.asString()
			.contains("chart version " + next + " is not in chart-versions.txt");
		Files.writeString(record, next + " " + ChartVersions.digest(chart) + "\n",
				java.nio.file.StandardOpenOption.APPEND);
		assertThat(ChartVersions.check(chart, record)).isEmpty();
	}

	@Test
	void onlyTheVersionLineAndFilesHelmLeavesOutAreNotDigested(@TempDir Path dir) throws IOException {
		Path chart = copy(dir);
		String digest = ChartVersions.digest(chart);
		Files.writeString(chart.resolve("ci/default-values.yaml"), "# not packaged\n",
				java.nio.file.StandardOpenOption.APPEND);
		Files.writeString(chart.resolve("templates/notes.swp"), "an editor's file");
		Path yaml = chart.resolve("Chart.yaml");
		Files.writeString(yaml, Files.readString(yaml).replace("version: " + version(chart), "version: 9.9.9"));
		assertThat(ChartVersions.digest(chart)).isEqualTo(digest);
		Files.writeString(yaml, Files.readString(yaml).replace("appVersion:", "appVersion: "));
		assertThat(ChartVersions.digest(chart)).isNotEqualTo(digest);
		assertThat(ChartVersions.packaged(Chart.DIR)).extracting((file) -> Chart.DIR.relativize(file).toString())
			.contains("Chart.yaml", "values.yaml", "values.schema.json", "README.md", "templates/agent-daemonset.yaml",
					"alerts/kfleet-rules.yaml", "dashboards/kfleet-vduse.json")
			.noneMatch((name) -> name.startsWith("ci/"));
	}

	@Test
	void versionsNeverGoBack(@TempDir Path dir) throws IOException {
		Path chart = copy(dir);
		Path record = record(dir);
		Files.writeString(record, "0.0.1 " + ChartVersions.digest(chart) + "\n",
				java.nio.file.StandardOpenOption.APPEND);
		assertThat(ChartVersions.check(chart, record)).anySatisfy((problem) -> assertThat(problem)
			.contains("versions must increase line by line, 0.0.1 comes after " + version(chart)));
	}

	private static Path copy(Path dir) throws IOException {
		Path chart = dir.resolve("kfleet");
		try (Stream<Path> paths = Files.walk(Chart.DIR)) {
			for (Path path : paths.toList()) {
				Path target = chart.resolve(Chart.DIR.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target);
				}
			}
		}
		assertThat(ChartVersions.digest(chart)).isEqualTo(ChartVersions.digest(Chart.DIR));
		return chart;
	}

	private static Path record(Path dir) throws IOException {
		Path record = dir.resolve(ChartVersions.RECORD);
		if (!Files.exists(record)) {
			Files.copy(RECORD, record);
		}
		return record;
	}

	private static String version(Path chart) {
		return Chart.readYaml(chart.resolve("Chart.yaml")).path("version").asString();
	}

	/** {@code /project/version} of a POM. */
	static String projectVersion(Path pom) throws Exception {
		Element project = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(pom.toFile())
			.getDocumentElement();
		for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element && element.getTagName().equals("version")) {
				return element.getTextContent().strip();
			}
		}
		throw new AssertionError("no version in " + pom);
	}

}
