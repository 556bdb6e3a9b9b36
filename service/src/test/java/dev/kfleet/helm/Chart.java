package dev.kfleet.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart in {@code helm/kfleet}, linted and rendered in process by helm-java (Helm 3
 * as a native library), and the manifests it renders.
 */
final class Chart {

	/** The chart, from the service module (Maven) or the repository root (an IDE). */
	static final Path DIR = Stream.of("../helm/kfleet", "helm/kfleet")
		.map((path) -> Path.of(System.getProperty("user.dir")).resolve(path).normalize())
		.filter((path) -> Files.isRegularFile(path.resolve("Chart.yaml")))
		.findFirst()
		.orElseThrow(() -> new IllegalStateException("helm/kfleet not found from " + System.getProperty("user.dir")));

	static final YAMLMapper YAML = YAMLMapper.builder().build();

	/** The Kubernetes version rendered against unless a test names another. */
	static final String KUBE_VERSION = "1.33.0";

	private Chart() {
	}

	/** The names of {@code ci/<name>-values.yaml}. */
	static List<String> ciValues() {
		try (Stream<Path> files = Files.list(DIR.resolve("ci"))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith("-values.yaml"))
				.map((name) -> name.substring(0, name.length() - "-values.yaml".length()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Path ci(String name) {
		return DIR.resolve("ci").resolve(name + "-values.yaml");
	}

	/**
	 * Runs {@code helm lint --strict} as {@code helm lint -f values} would: helm-java's
	 * lint takes no values file, so the values are merged over the chart's own (Helm's
	 * rules: maps merge, anything else replaces, null removes) in a copy of the chart.
	 */
	static LintResult lint(Path values) {
		Path dir = null;
		try {
			dir = Files.createTempDirectory("kfleet-chart-");
			Path copy = dir.resolve("kfleet");
			copyTree(DIR, copy);
			JsonNode merged = merge(readYaml(DIR.resolve("values.yaml")), readYaml(values));
			Files.writeString(copy.resolve("values.yaml"), YAML.writeValueAsString(merged));
			return new Helm(copy).lint().strict().call();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			deleteTree(dir);
		}
	}

	static Rendered render(String valuesName, String... sets) {
		return render("kfleet", KUBE_VERSION, ci(valuesName), sets);
	}

	/**
	 * Runs {@code helm template}.
	 * @param release the release name
	 * @param kubeVersion the Kubernetes version to render for
	 * @param values a values file, or null
	 * @param sets {@code key=value} pairs, as {@code --set} takes them
	 * @return the manifests
	 */
	static Rendered render(String release, String kubeVersion, Path values, String... sets) {
		TemplateCommand command = new Helm(DIR).template()
			.withName(release)
			.withNamespace("kfleet")
			.withKubeVersion(kubeVersion);
		if (values != null) {
			command = command.withValuesFile(values);
		}
		for (String set : sets) {
			String[] pair = set.split("=", 2);
			command = command.set(pair[0], pair[1]);
		}
		return new Rendered(parse(command.call()));
	}

	/**
	 * Returns the release notes ({@code NOTES.txt}) of an install, from a client-only dry
	 * run.
	 * @param valuesName the name of a {@code ci/*-values.yaml}
	 * @param sets {@code key=value} pairs, as {@code --set} takes them
	 * @return the notes
	 */
	static String notes(String valuesName, String... sets) {
		InstallCommand command = new Helm(DIR).install()
			.withName("kfleet")
			.withNamespace("kfleet")
			.withKubeVersion(KUBE_VERSION)
			.clientOnly()
			.withDryRunOption(DryRun.CLIENT)
			.withValuesFile(ci(valuesName));
		for (String set : sets) {
			String[] pair = set.split("=", 2);
			command = command.set(pair[0], pair[1]);
		}
		String output = command.call().getOutput();
		int notes = output.indexOf("NOTES:");
		if (notes < 0) {
			throw new AssertionError("no NOTES in: " + output);
		}
		return output.substring(notes);
	}

	static JsonNode readYaml(Path file) {
		try {
			return YAML.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<JsonNode> parse(String manifests) {
		List<JsonNode> documents = new ArrayList<>();
		for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests).readAll()) {
			if (document != null && document.isObject() && !document.isEmpty()) {
				documents.add(document);
			}
		}
		return documents;
	}

	static JsonNode merge(JsonNode base, JsonNode override) {
		if (!(base instanceof ObjectNode target) || !override.isObject()) {
			return override.deepCopy();
		}
		ObjectNode merged = target.deepCopy();
		override.forEachEntry((name, value) -> {
			if (value.isNull()) {
				merged.remove(name);
			}
			else {
				merged.set(name, merged.has(name) ? merge(merged.get(name), value) : value.deepCopy());
			}
		});
		return merged;
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : paths.toList()) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target);
				}
			}
		}
	}

	private static void deleteTree(Path dir) {
		if (dir == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The manifests of one rendering.
	 *
	 * @param documents every manifest, in Helm's order
	 */
	record Rendered(List<JsonNode> documents) {

		List<JsonNode> all(String kind) {
			return this.documents.stream().filter((document) -> kind.equals(document.path("kind").asString())).toList();
		}

		JsonNode one(String kind) {
			List<JsonNode> found = all(kind);
			if (found.size() != 1) {
				throw new AssertionError("expected one " + kind + ", rendered " + found.size() + ": " + kinds());
			}
			return found.getFirst();
		}

		List<String> kinds() {
			return this.documents.stream().map((document) -> document.path("kind").asString()).sorted().toList();
		}

		/** The first container of a workload's pod template. */
		JsonNode container(String kind) {
			return one(kind).path("spec").path("template").path("spec").path("containers").path(0);
		}

		JsonNode podSpec(String kind) {
			return one(kind).path("spec").path("template").path("spec");
		}

	}

	/**
	 * A container's environment by name: the {@code env} entries themselves.
	 */
	static Map<String, JsonNode> env(JsonNode container) {
		Map<String, JsonNode> env = new LinkedHashMap<>();
		container.path("env").forEach((variable) -> env.put(variable.path("name").asString(), variable));
		return env;
	}

	/**
	 * A container's volume mounts by mount path.
	 */
	static Map<String, JsonNode> mounts(JsonNode container) {
		Map<String, JsonNode> mounts = new LinkedHashMap<>();
		container.path("volumeMounts").forEach((mount) -> mounts.put(mount.path("mountPath").asString(), mount));
		return mounts;
	}

	/**
	 * A pod spec's volumes by name.
	 */
	static Map<String, JsonNode> volumes(JsonNode podSpec) {
		Map<String, JsonNode> volumes = new LinkedHashMap<>();
		podSpec.path("volumes").forEach((volume) -> volumes.put(volume.path("name").asString(), volume));
		return volumes;
	}

	static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach((item) -> strings.add(item.asString()));
		return strings;
	}

}
